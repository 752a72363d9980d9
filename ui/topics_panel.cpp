#include "ui/topics_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "models/engine_bridge.h"
#include "models/topic_list_model.h"
#include "ui/grip_splitter.h"
#include "ui/message_browser.h"

namespace riverdelta::ui {

TopicsPanel::TopicsPanel(models::EngineBridge& bridge, QWidget* parent)
    : QWidget(parent),
      bridge_(bridge),
      model_(new models::TopicListModel(bridge, this)),
      proxy_(new QSortFilterProxyModel(this)),
      summary_(new QLabel(this)),
      filter_(new QLineEdit(this)),
      topicsView_(new QTableView(this)),
      enableSync_(new QPushButton(tr("Enable lake sync…"), this)),
      browser_(new MessageBrowser(bridge, this)),
      split_(new GripSplitter(Qt::Horizontal, this)) {
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
    topicsView_->setTextElideMode(Qt::ElideMiddle);  // long names differ at their ends
    topicsView_->horizontalHeader()->setSectionResizeMode(models::TopicListModel::NameColumn,
                                                          QHeaderView::Stretch);
    for (int c = models::TopicListModel::PartitionsColumn; c < models::TopicListModel::ColumnCount;
         ++c)
        topicsView_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    connect(topicsView_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TopicsPanel::selectedTopicChanged);

    enableSync_->setEnabled(false);
    enableSync_->setToolTip(tr("Turn the selected topic into a Delta table"));
    connect(enableSync_, &QPushButton::clicked, this,
            [this] { emit enableSyncRequested(browsedTopic_); });
    summary_->setWordWrap(true);

    // Side by side: the panel sits in the window's lower part, wide and short, so stacking the
    // topics over the messages left a row or two of each.
    auto* topicsColumn = new QWidget(this);
    auto* topicsLayout = new QVBoxLayout(topicsColumn);
    topicsLayout->setContentsMargins(0, 0, 0, 0);
    topicsLayout->addWidget(summary_);
    auto* topicsBar = new QHBoxLayout;
    topicsBar->addWidget(filter_, 1);
    topicsBar->addWidget(enableSync_);
    topicsLayout->addLayout(topicsBar);
    topicsLayout->addWidget(topicsView_, 1);

    split_->setObjectName(QStringLiteral("topicsSplitter"));
    split_->addWidget(topicsColumn);
    split_->addWidget(browser_);
    // Wide enough for "clickstream_historical" beside its partitions, messages and rate.
    split_->setStretchFactor(0, 2);
    split_->setStretchFactor(1, 5);
    split_->setSizes({440, 760});
    split_->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split_, 1);

    auto updateSummary = [this] { summary_->setText(model_->summary()); };
    connect(&bridge_, &models::EngineBridge::snapshotChanged, this, updateSummary);
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
    browser_->setTopic(topic);
    enableSync_->setEnabled(true);
}

}  // namespace riverdelta::ui
