#include "ui/log_panel.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

#include "models/engine_bridge.h"
#include "models/log_filter_model.h"
#include "models/log_model.h"

namespace riverdelta::ui {

using core::LogLevel;

LogPanel::LogPanel(models::EngineBridge& bridge, QWidget* parent)
    : QWidget(parent),
      model_(new models::LogModel(bridge, 5000, this)),
      filter_(new models::LogFilterModel(this)),
      level_(new QComboBox(this)),
      search_(new QLineEdit(this)),
      count_(new QLabel(this)),
      view_(new QTableView(this)) {
    setObjectName(QStringLiteral("logPanel"));
    filter_->setSourceModel(model_);

    level_->addItem(tr("All levels"), static_cast<int>(LogLevel::Debug));
    level_->addItem(tr("Info and above"), static_cast<int>(LogLevel::Info));
    level_->addItem(tr("Warnings and errors"), static_cast<int>(LogLevel::Warning));
    level_->addItem(tr("Errors only"), static_cast<int>(LogLevel::Error));
    level_->setCurrentIndex(1);
    filter_->setMinimumLevel(LogLevel::Info);
    connect(level_, &QComboBox::currentIndexChanged, this, [this] {
        filter_->setMinimumLevel(static_cast<LogLevel>(level_->currentData().toInt()));
    });
    search_->setPlaceholderText(tr("Search source or message"));
    search_->setClearButtonEnabled(true);
    connect(search_, &QLineEdit::textChanged, filter_, &models::LogFilterModel::setSearchText);

    view_->setObjectName(QStringLiteral("logView"));
    view_->setModel(filter_);
    view_->verticalHeader()->hide();
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setWordWrap(false);
    view_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 6);
    auto* header = view_->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(models::LogModel::MessageColumn, QHeaderView::Stretch);

    auto* bar = new QHBoxLayout;
    bar->addWidget(level_);
    bar->addWidget(search_, 1);
    bar->addWidget(count_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(view_, 1);

    // Follow the tail unless the user scrolled up to read something.
    connect(filter_, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        QScrollBar* scroll = view_->verticalScrollBar();
        view_->setProperty("followTail", scroll->value() == scroll->maximum());
    });
    connect(filter_, &QAbstractItemModel::rowsInserted, this, [this] {
        if (view_->property("followTail").toBool()) view_->scrollToBottom();
    });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(filter_, signal, this, &LogPanel::updateCount);
    connect(filter_, &QAbstractItemModel::modelReset, this, &LogPanel::updateCount);
    connect(filter_, &QAbstractItemModel::layoutChanged, this, &LogPanel::updateCount);
    updateCount();
}

void LogPanel::updateCount() {
    count_->setText(tr("%1 of %2").arg(filter_->rowCount()).arg(model_->rowCount()));
}

}  // namespace riverdelta::ui
