#include "ui/message_browser.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include "models/engine_bridge.h"
#include "models/message_browser_model.h"
#include "models/message_fields_model.h"
#include "ui/grip_splitter.h"

namespace riverdelta::ui {

using models::MessageBrowserModel;
using Kind = topics::TailPosition::Kind;

MessageBrowser::MessageBrowser(models::EngineBridge& bridge, QWidget* parent)
    : QWidget(parent),
      model_(new MessageBrowserModel(bridge, this)),
      proxy_(new QSortFilterProxyModel(this)),
      fields_(new models::MessageFieldsModel(this)),
      title_(new QLabel(tr("Message browser"), this)),
      status_(new QLabel(this)),
      pause_(new QPushButton(tr("Pause"), this)),
      live_(new QPushButton(tr("Live"), this)),
      partition_(new QComboBox(this)),
      filter_(new QLineEdit(this)),
      jumpKind_(new QComboBox(this)),
      jumpInput_(new QStackedWidget(this)),
      offset_(new QLineEdit(this)),
      time_(new QDateTimeEdit(this)),
      jump_(new QPushButton(tr("Jump"), this)),
      messages_(new QTableView(this)),
      detailHeader_(new QLabel(this)),
      detailTabs_(new QTabWidget(this)),
      fieldsView_(new QTreeView(this)),
      raw_(new QPlainTextEdit(this)),
      copy_(new QPushButton(tr("Copy as JSON"), this)) {
    setObjectName(QStringLiteral("messageBrowser"));
    proxy_->setSourceModel(model_);
    proxy_->setFilterRole(MessageBrowserModel::SearchTextRole);
    proxy_->setFilterKeyColumn(0);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);

    QFont titleFont = title_->font();
    titleFont.setBold(true);
    title_->setFont(titleFont);
    status_->setObjectName(QStringLiteral("browseStatus"));
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status_->setMinimumWidth(0);
    status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    pause_->setObjectName(QStringLiteral("pauseTail"));
    pause_->setCheckable(true);
    pause_->setToolTip(tr("Hold the list still; new messages wait until Resume"));
    live_->setObjectName(QStringLiteral("liveTail"));
    live_->setToolTip(tr("Back to the newest messages, following new ones"));
    partition_->setObjectName(QStringLiteral("partitionPicker"));
    partition_->addItem(tr("All partitions"), -1);
    partition_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    filter_->setObjectName(QStringLiteral("messageFilter"));
    filter_->setPlaceholderText(tr("Filter by key or value"));
    filter_->setClearButtonEnabled(true);
    jumpKind_->addItem(tr("Offset"), static_cast<int>(Kind::Offset));
    jumpKind_->addItem(tr("Time"), static_cast<int>(Kind::Time));
    jumpKind_->setToolTip(tr("Jump to an offset (in each partition read) or to a time"));
    offset_->setObjectName(QStringLiteral("jumpOffset"));
    offset_->setPlaceholderText(tr("offset"));
    offset_->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,18}")), this));
    time_->setObjectName(QStringLiteral("jumpTime"));
    time_->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    time_->setCalendarPopup(true);
    time_->setDateTime(QDateTime::currentDateTime().addSecs(-600));
    jumpInput_->addWidget(offset_);
    jumpInput_->addWidget(time_);
    jumpInput_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    jump_->setObjectName(QStringLiteral("jump"));

    messages_->setObjectName(QStringLiteral("messageList"));
    messages_->setModel(proxy_);
    messages_->setSelectionBehavior(QAbstractItemView::SelectRows);
    messages_->setSelectionMode(QAbstractItemView::SingleSelection);
    messages_->setAlternatingRowColors(true);
    messages_->setWordWrap(false);
    messages_->verticalHeader()->hide();
    messages_->verticalHeader()->setDefaultSectionSize(messages_->fontMetrics().height() + 6);
    QHeaderView* header = messages_->horizontalHeader();
    header->setStretchLastSection(false);
    const QFontMetrics fm = messages_->fontMetrics();
    header->resizeSection(MessageBrowserModel::TimestampColumn,
                          fm.horizontalAdvance(QStringLiteral("23:59:59.999")) + 16);
    header->resizeSection(MessageBrowserModel::PartitionColumn,
                          fm.horizontalAdvance(tr("Part.")) + 16);
    header->resizeSection(MessageBrowserModel::OffsetColumn,
                          fm.horizontalAdvance(QStringLiteral("9999999")) + 16);
    header->resizeSection(MessageBrowserModel::KeyColumn,
                          fm.horizontalAdvance(QStringLiteral("customer-0000")) + 16);
    header->resizeSection(MessageBrowserModel::FormatColumn,
                          fm.horizontalAdvance(QStringLiteral("Avro (schema id 10)")) + 16);
    header->setSectionResizeMode(MessageBrowserModel::ValueColumn, QHeaderView::Stretch);
    // The format is in the selected message's header; the list keeps its width for values.
    messages_->setColumnHidden(MessageBrowserModel::FormatColumn, true);
    messages_->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* copyAction = new QAction(tr("Copy as JSON"), messages_);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    messages_->addAction(copyAction);
    connect(copyAction, &QAction::triggered, this, &MessageBrowser::copySelectedAsJson);

    detailHeader_->setObjectName(QStringLiteral("messageHeader"));
    detailHeader_->setWordWrap(true);
    detailHeader_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    fieldsView_->setObjectName(QStringLiteral("messageFields"));
    fieldsView_->setModel(fields_);
    fieldsView_->setAlternatingRowColors(true);
    fieldsView_->setUniformRowHeights(true);
    fieldsView_->header()->setSectionResizeMode(models::MessageFieldsModel::FieldColumn,
                                                QHeaderView::ResizeToContents);
    raw_->setObjectName(QStringLiteral("messageValue"));
    raw_->setReadOnly(true);
    raw_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    raw_->setPlaceholderText(tr("Select a message to see its value"));
    detailTabs_->setObjectName(QStringLiteral("messageDetail"));
    detailTabs_->setDocumentMode(true);
    detailTabs_->addTab(fieldsView_, tr("Fields"));
    detailTabs_->addTab(raw_, tr("Raw"));
    copy_->setObjectName(QStringLiteral("copyMessageJson"));
    copy_->setToolTip(
        tr("Copy the selected message (key, value, partition, offset, timestamp) "
           "as JSON (Ctrl+C in the list)"));
    copy_->setEnabled(false);

    // Layout: title and status; the controls; the list beside the selected message.
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    top->addWidget(title_);
    top->addWidget(status_, 1);
    layout->addLayout(top);
    auto* controls = new QHBoxLayout;
    controls->addWidget(pause_);
    controls->addWidget(live_);
    controls->addWidget(partition_);
    controls->addWidget(filter_, 2);
    controls->addSpacing(8);
    controls->addWidget(jumpKind_);
    controls->addWidget(jumpInput_, 1);
    controls->addWidget(jump_);
    layout->addLayout(controls);
    auto* detail = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    auto* detailTop = new QHBoxLayout;
    detailTop->addWidget(detailHeader_, 1);
    detailTop->addWidget(copy_, 0, Qt::AlignTop);
    detailLayout->addLayout(detailTop);
    detailLayout->addWidget(detailTabs_, 1);
    auto* split = new GripSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("messageSplitter"));
    split->addWidget(messages_);
    split->addWidget(detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({600, 400});
    split->setChildrenCollapsible(false);
    layout->addWidget(split, 1);

    connect(pause_, &QPushButton::toggled, this, [this](bool paused) {
        model_->setPaused(paused);
        pause_->setText(paused ? tr("Resume") : tr("Pause"));
    });
    connect(live_, &QPushButton::clicked, this, &MessageBrowser::showLive);
    connect(copy_, &QPushButton::clicked, this, &MessageBrowser::copySelectedAsJson);
    connect(partition_, &QComboBox::activated, this, [this] {
        reopen(static_cast<int>(model_->position().kind), model_->position().value);
    });
    connect(filter_, &QLineEdit::textChanged, this, [this](const QString& text) {
        proxy_->setFilterFixedString(text);
        updateStatus();
    });
    connect(jumpKind_, &QComboBox::currentIndexChanged, jumpInput_,
            &QStackedWidget::setCurrentIndex);
    connect(jump_, &QPushButton::clicked, this, &MessageBrowser::jumpFromControls);
    connect(offset_, &QLineEdit::returnPressed, this, &MessageBrowser::jumpFromControls);
    connect(messages_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MessageBrowser::showSelected);
    // Also on selection: selectRow() moves the current row before it selects it.
    connect(messages_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MessageBrowser::showSelected);
    connect(model_, &MessageBrowserModel::statusChanged, this, &MessageBrowser::updateStatus);
    connect(model_, &MessageBrowserModel::statusChanged, this, &MessageBrowser::updatePartitions);
    connect(model_, &MessageBrowserModel::targetReady, this, &MessageBrowser::selectSourceRow);
    auto rowsChanged = [this] {
        if (selectFirst_ && model_->rowCount() > 0) {
            selectFirst_ = false;
            selectSourceRow(0);
        }
        if (!messages_->selectionModel()->hasSelection()) showSelected();
        updateStatus();
    };
    connect(model_, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        const topics::BrowsedMessage* m = model_->message(selectedRow());
        keptSelection_ = m ? std::optional(std::pair(m->partition, m->offset)) : std::nullopt;
    });
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        if (!keptSelection_) return;
        for (int r = 0; r < model_->rowCount(); ++r)
            if (const auto* m = model_->message(r);
                m->partition == keptSelection_->first && m->offset == keptSelection_->second) {
                const QModelIndex index = proxy_->mapFromSource(model_->index(r, 0));
                if (index.isValid())
                    messages_->selectionModel()->setCurrentIndex(
                        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                break;
            }
        keptSelection_.reset();
    });
    connect(model_, &QAbstractItemModel::rowsInserted, this, rowsChanged);
    connect(model_, &QAbstractItemModel::modelReset, this, rowsChanged);
    connect(model_, &QAbstractItemModel::rowsRemoved, this, rowsChanged);

    setTopic({});
}

int MessageBrowser::selectedRow() const {
    const QModelIndex current = messages_->selectionModel()->currentIndex();
    if (!current.isValid() || !messages_->selectionModel()->isRowSelected(current.row(), {}))
        return -1;
    return proxy_->mapToSource(current).row();
}

void MessageBrowser::setTopic(const QString& topic) {
    title_->setText(topic.isEmpty() ? tr("Message browser") : tr("Messages in %1").arg(topic));
    partition_->blockSignals(true);
    while (partition_->count() > 1)
        partition_->removeItem(1);
    partition_->setCurrentIndex(0);
    partition_->blockSignals(false);
    pause_->setChecked(false);
    const bool open = !topic.isEmpty();
    for (QWidget* w : {static_cast<QWidget*>(pause_), static_cast<QWidget*>(live_),
                       static_cast<QWidget*>(partition_), static_cast<QWidget*>(jump_),
                       static_cast<QWidget*>(jumpKind_), static_cast<QWidget*>(jumpInput_)})
        w->setEnabled(open);
    selectFirst_ = open;
    if (open)
        model_->open(topic, std::nullopt);
    else
        model_->close();
}

void MessageBrowser::showLive() {
    reopen(static_cast<int>(Kind::Newest), 0);
}

void MessageBrowser::jumpToOffset(qint64 offset) {
    jumpKind_->setCurrentIndex(0);
    offset_->setText(QString::number(offset));
    reopen(static_cast<int>(Kind::Offset), offset);
}

void MessageBrowser::jumpToTime(const QDateTime& time) {
    jumpKind_->setCurrentIndex(1);
    time_->setDateTime(time);
    reopen(static_cast<int>(Kind::Time), time.toMSecsSinceEpoch());
}

void MessageBrowser::jumpFromControls() {
    if (jumpKind_->currentIndex() == 0) {
        bool ok = false;
        const qint64 offset = offset_->text().toLongLong(&ok);
        if (!ok) {
            status_->setText(tr("Type an offset (a whole number) to jump to"));
            offset_->setFocus();
            return;
        }
        jumpToOffset(offset);
    } else {
        jumpToTime(time_->dateTime());
    }
}

void MessageBrowser::reopen(int kind, std::int64_t value) {
    if (model_->topic().isEmpty()) return;
    const int p = partition_->currentData().toInt();
    pause_->setChecked(false);
    selectFirst_ = static_cast<Kind>(kind) == Kind::Newest;
    model_->open(model_->topic(), p < 0 ? std::nullopt : std::optional<std::int32_t>(p),
                 {static_cast<Kind>(kind), value});
}

void MessageBrowser::updatePartitions() {
    const int partitions = model_->tailStatus().partitions;
    if (partitions <= 0 || partition_->count() == partitions + 1) return;
    const int chosen = partition_->currentData().toInt();
    partition_->blockSignals(true);
    while (partition_->count() > 1)
        partition_->removeItem(1);
    for (int p = 0; p < partitions; ++p)
        partition_->addItem(tr("Partition %1").arg(p), p);
    partition_->setCurrentIndex(std::max(0, partition_->findData(chosen)));
    partition_->blockSignals(false);
}

void MessageBrowser::updateStatus() {
    QString text = model_->statusText();
    if (!filter_->text().isEmpty() && model_->rowCount() > 0)
        text += tr(" · %1 of %2 match").arg(proxy_->rowCount()).arg(model_->rowCount());
    status_->setText(text);
    status_->setToolTip(text);
}

void MessageBrowser::selectSourceRow(int row) {
    if (row < 0) return;
    QModelIndex index = proxy_->mapFromSource(model_->index(row, 0));
    if (!index.isValid()) return;  // filtered out
    messages_->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    messages_->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void MessageBrowser::showSelected() {
    const int row = selectedRow();
    const topics::BrowsedMessage* m = model_->message(row);
    copy_->setEnabled(m != nullptr);
    if (!m) {
        fields_->setMessage(nullptr);
        raw_->clear();
        detailHeader_->setText(model_->topic().isEmpty() ? QString()
                                                         : tr("Select a message to see it"));
        return;
    }
    detailHeader_->setText(
        tr("Partition %1 · offset %2 · %3 · key %4 · %5")
            .arg(m->partition)
            .arg(m->offset)
            .arg(model_->index(row, MessageBrowserModel::TimestampColumn).data().toString(),
                 QString::fromStdString(m->key).simplified().left(80),
                 QString::fromStdString(m->valueFormat)));
    QString text = QString::fromStdString(m->value);
    if (!m->decodeError.empty())
        text = tr("Could not decode: %1\n\n%2").arg(QString::fromStdString(m->decodeError), text);
    raw_->setPlainText(text);
    const bool structured = fields_->setMessage(m);
    fieldsView_->expandToDepth(0);
    detailTabs_->setTabEnabled(0, structured);
    detailTabs_->setCurrentIndex(structured ? 0 : 1);
}

void MessageBrowser::copySelectedAsJson() {
    const int row = selectedRow();
    if (row < 0) return;
    const QString json = model_->messageJson(row);
    QApplication::clipboard()->setText(json);
    status_->setText(tr("Copied partition %1 offset %2 as JSON")
                         .arg(model_->message(row)->partition)
                         .arg(model_->message(row)->offset));
    emit messageCopied(json);
}

}  // namespace riverdelta::ui
