#include "ui/topics_panel.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "engine/engine.h"
#include "models/engine_bridge.h"
#include "models/topic_list_model.h"

namespace riverdelta::ui {

namespace {

enum MessageColumn { PartitionCol, OffsetCol, TimestampCol, KeyCol, FormatCol };
constexpr int kValueRole = Qt::UserRole + 1;
constexpr int kErrorRole = Qt::UserRole + 2;

}  // namespace

TopicsPanel::TopicsPanel(models::EngineBridge& bridge, QWidget* parent)
    : QWidget(parent),
      bridge_(bridge),
      model_(new models::TopicListModel(bridge, this)),
      proxy_(new QSortFilterProxyModel(this)),
      summary_(new QLabel(this)),
      filter_(new QLineEdit(this)),
      topicsView_(new QTableView(this)),
      browseTitle_(new QLabel(this)),
      count_(new QSpinBox(this)),
      reload_(new QPushButton(tr("Reload"), this)),
      enableSync_(new QPushButton(tr("Enable lake sync…"), this)),
      browseStatus_(new QLabel(this)),
      messages_(new QTreeWidget(this)),
      value_(new QPlainTextEdit(this)) {
    setObjectName(QStringLiteral("topicsPanel"));
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(models::TopicListModel::SortRole);
    proxy_->setFilterKeyColumn(models::TopicListModel::NameColumn);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);

    filter_->setPlaceholderText(tr("Filter topics"));
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);

    topicsView_->setObjectName(QStringLiteral("topicsView"));
    topicsView_->setModel(proxy_);
    topicsView_->setSortingEnabled(true);
    topicsView_->sortByColumn(models::TopicListModel::NameColumn, Qt::AscendingOrder);
    topicsView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    topicsView_->setSelectionMode(QAbstractItemView::SingleSelection);
    topicsView_->setAlternatingRowColors(true);
    topicsView_->verticalHeader()->hide();
    topicsView_->horizontalHeader()->setSectionResizeMode(models::TopicListModel::NameColumn,
                                                          QHeaderView::Stretch);
    for (int c = models::TopicListModel::PartitionsColumn; c < models::TopicListModel::ColumnCount;
         ++c)
        topicsView_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    connect(topicsView_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TopicsPanel::selectedTopicChanged);

    count_->setRange(1, 500);
    count_->setValue(20);
    count_->setPrefix(tr("latest "));
    count_->setToolTip(tr("How many of the newest messages to read"));
    connect(reload_, &QPushButton::clicked, this, [this] {
        if (!browsedTopic_.isEmpty()) browse(browsedTopic_);
    });
    reload_->setEnabled(false);
    enableSync_->setEnabled(false);
    enableSync_->setToolTip(tr("Turn the selected topic into a Delta table"));
    connect(enableSync_, &QPushButton::clicked, this,
            [this] { emit enableSyncRequested(browsedTopic_); });
    browseStatus_->setObjectName(QStringLiteral("browseStatus"));
    browseStatus_->setWordWrap(true);
    browseStatus_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    messages_->setObjectName(QStringLiteral("messageList"));
    messages_->setRootIsDecorated(false);
    messages_->setAlternatingRowColors(true);
    messages_->setUniformRowHeights(true);
    messages_->setHeaderLabels(
        {tr("Partition"), tr("Offset"), tr("Timestamp"), tr("Key"), tr("Format")});
    messages_->header()->setStretchLastSection(false);
    messages_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    messages_->header()->setSectionResizeMode(KeyCol, QHeaderView::Stretch);
    connect(messages_, &QTreeWidget::currentItemChanged, this, &TopicsPanel::showSelectedMessage);

    value_->setObjectName(QStringLiteral("messageValue"));
    value_->setReadOnly(true);
    value_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    value_->setPlaceholderText(tr("Select a message to see its value"));

    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    top->addWidget(summary_, 1);
    top->addWidget(filter_);
    top->addWidget(enableSync_);
    layout->addLayout(top);

    auto* browser = new QWidget(this);
    auto* browserLayout = new QVBoxLayout(browser);
    browserLayout->setContentsMargins(0, 0, 0, 0);
    auto* browserBar = new QHBoxLayout;
    QFont titleFont = browseTitle_->font();
    titleFont.setBold(true);
    browseTitle_->setFont(titleFont);
    browseTitle_->setText(tr("Message browser"));
    browserBar->addWidget(browseTitle_);
    browserBar->addWidget(browseStatus_, 1);
    browserBar->addWidget(count_);
    browserBar->addWidget(reload_);
    browserLayout->addLayout(browserBar);
    auto* messageSplit = new QSplitter(Qt::Horizontal, browser);
    messageSplit->addWidget(messages_);
    messageSplit->addWidget(value_);
    messageSplit->setStretchFactor(0, 3);
    messageSplit->setStretchFactor(1, 2);
    browserLayout->addWidget(messageSplit, 1);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("topicsSplitter"));
    split->addWidget(topicsView_);
    split->addWidget(browser);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    layout->addWidget(split, 1);

    auto updateSummary = [this] { summary_->setText(model_->summary()); };
    connect(&bridge_, &models::EngineBridge::snapshotChanged, this, updateSummary);
    connect(&bridge_, &models::EngineBridge::snapshotChanged, this, &TopicsPanel::takeBrowseResult);
    updateSummary();
}

void TopicsPanel::selectedTopicChanged() {
    const QModelIndexList rows = topicsView_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return;
    const QString topic =
        proxy_->data(rows.first().siblingAtColumn(models::TopicListModel::NameColumn)).toString();
    if (topic != browsedTopic_) browse(topic);
}

void TopicsPanel::browse(const QString& topic) {
    if (topic.isEmpty()) return;
    const int sourceRow = model_->rowOf(topic);
    if (sourceRow >= 0) {
        const QModelIndex proxyIndex = proxy_->mapFromSource(model_->index(sourceRow, 0));
        if (proxyIndex.isValid() &&
            !topicsView_->selectionModel()->isRowSelected(proxyIndex.row(), {})) {
            browsedTopic_ = topic;  // so the selection change does not browse twice
            topicsView_->selectRow(proxyIndex.row());
        }
    }
    browsedTopic_ = topic;
    Engine& engine = bridge_.engine();
    pendingRequest_ = engine.newRequestId();
    engine.post(command::BrowseTopic{pendingRequest_, topic.toStdString(), count_->value()});
    browseTitle_->setText(tr("Messages in %1").arg(topic));
    browseStatus_->setText((count_->value() == 1
                                ? tr("reading the newest message…")
                                : tr("reading the newest %1 messages…").arg(count_->value())));
    reload_->setEnabled(true);
    enableSync_->setEnabled(true);
}

void TopicsPanel::takeBrowseResult() {
    if (pendingRequest_ == 0) return;
    for (const auto& r : bridge_.snapshot().browses) {
        if (r.requestId != pendingRequest_ || !r.done) continue;
        pendingRequest_ = 0;
        messages_->clear();
        value_->clear();
        if (!r.error.empty()) {
            browseStatus_->setText(tr("could not read: %1").arg(QString::fromStdString(r.error)));
            return;
        }
        QList<QTreeWidgetItem*> items;
        for (const auto& m : r.messages) {
            auto* item = new QTreeWidgetItem;
            item->setText(PartitionCol, QString::number(m.partition));
            item->setText(OffsetCol, QString::number(m.offset));
            item->setText(TimestampCol,
                          m.timestampMs < 0
                              ? QStringLiteral("—")
                              : QDateTime::fromMSecsSinceEpoch(m.timestampMs)
                                    .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
            item->setText(KeyCol, QString::fromStdString(m.key).simplified());
            item->setText(FormatCol, QString::fromStdString(m.valueFormat));
            item->setTextAlignment(PartitionCol, Qt::AlignRight | Qt::AlignVCenter);
            item->setTextAlignment(OffsetCol, Qt::AlignRight | Qt::AlignVCenter);
            item->setData(0, kValueRole, QString::fromStdString(m.value));
            item->setData(0, kErrorRole, QString::fromStdString(m.decodeError));
            if (!m.decodeError.empty())
                item->setToolTip(FormatCol, QString::fromStdString(m.decodeError));
            items.append(item);
        }
        messages_->addTopLevelItems(items);
        browseStatus_->setText(r.messages.empty() ? tr("the topic is empty")
                               : r.messages.size() == 1
                                   ? tr("its only message")
                                   : tr("newest %1 messages, newest first").arg(r.messages.size()));
        if (!items.isEmpty()) messages_->setCurrentItem(items.first());
        return;
    }
}

void TopicsPanel::showSelectedMessage() {
    QTreeWidgetItem* item = messages_->currentItem();
    if (!item) {
        value_->clear();
        return;
    }
    QString text = item->data(0, kValueRole).toString();
    const QString error = item->data(0, kErrorRole).toString();
    if (!error.isEmpty()) text = tr("Could not decode: %1\n\n%2").arg(error, text);
    value_->setPlainText(text);
}

}  // namespace riverdelta::ui
