#include "ui/sync_panel.h"

#include <QDesktopServices>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

#include "engine/engine.h"
#include "engine/profiles/profile_connections.h"
#include "engine/profiles/profile_store.h"
#include "models/engine_bridge.h"
#include "models/sync_memory.h"
#include "models/sync_status_model.h"
#include "ui/enable_sync_dialog.h"
#include "ui/state_badge_delegate.h"
#include "ui/table_page.h"

namespace riverdelta::ui {

using lake::sync::SyncState;
using models::SyncStatusModel;

SyncPanel::SyncPanel(models::EngineBridge& bridge, QWidget* parent)
    : QWidget(parent),
      bridge_(bridge),
      model_(new SyncStatusModel(bridge, this)),
      table_(new QTableView(this)),
      empty_(new QLabel(this)),
      enable_(
          new QPushButton(QIcon::fromTheme(QStringLiteral("list-add")), tr("Enable sync…"), this)),
      pause_(new QPushButton(QIcon::fromTheme(QStringLiteral("media-playback-pause")), tr("Pause"),
                             this)),
      resume_(new QPushButton(QIcon::fromTheme(QStringLiteral("media-playback-start")),
                              tr("Resume"), this)),
      disable_(
          new QPushButton(QIcon::fromTheme(QStringLiteral("process-stop")), tr("Disable"), this)),
      openFolder_(new QPushButton(QIcon::fromTheme(QStringLiteral("folder-open")),
                                  tr("Open folder"), this)),
      splitter_(new QSplitter(Qt::Vertical, this)),
      page_(new TablePage(bridge, this)),
      memory_(new models::SyncMemory(bridge, this)) {
    setObjectName(QStringLiteral("syncPanel"));
    table_->setObjectName(QStringLiteral("syncStatus"));
    table_->setModel(model_);
    table_->setItemDelegateForColumn(SyncStatusModel::StateColumn,
                                     new StateBadgeDelegate(SyncStatusModel::StateRole, this));
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->setWordWrap(false);
    auto* header = table_->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(SyncStatusModel::LastErrorColumn, QHeaderView::Stretch);
    header->setMinimumSectionSize(60);

    empty_->setText(
        tr("No topic is synced yet. <b>Enable sync…</b> turns a topic into a Delta "
           "table that tools like DuckDB, Spark or Databricks can read, exactly once."));
    empty_->setWordWrap(true);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setForegroundRole(QPalette::PlaceholderText);

    auto* bar = new QHBoxLayout;
    bar->addWidget(enable_);
    bar->addStretch(1);
    for (auto* b : {pause_, resume_, disable_, openFolder_})
        bar->addWidget(b);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(empty_);
    splitter_->setObjectName(QStringLiteral("syncSplitter"));
    splitter_->addWidget(table_);
    splitter_->addWidget(page_);
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 3);
    splitter_->setChildrenCollapsible(false);
    layout->addWidget(splitter_, 1);

    connect(enable_, &QPushButton::clicked, this, [this] { showEnableDialog(); });
    connect(pause_, &QPushButton::clicked, this,
            [this] { bridge_.engine().post(command::PauseSync{selectedTopic().toStdString()}); });
    connect(resume_, &QPushButton::clicked, this, [this] {
        bridge_.engine().post(command::ResumeSync{selectedTopic().toStdString(), std::nullopt});
    });
    connect(disable_, &QPushButton::clicked, this, [this] {
        const QString topic = selectedTopic();
        memory_->forget(topic);
        bridge_.engine().post(command::DisableSync{topic.toStdString()});
    });
    connect(openFolder_, &QPushButton::clicked, this, [this] {
        const auto* s = model_->status(model_->rowOf(selectedTopic()));
        if (s) QDesktopServices::openUrl(QUrl::fromLocalFile(QString::fromStdString(s->location)));
    });
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        if (model_->rowCount() > 0 && !table_->selectionModel()->hasSelection())
            table_->selectRow(0);
    });
    connect(&bridge_, &models::EngineBridge::polled, this, &SyncPanel::updateActions);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SyncPanel::updateActions);
    updateActions();
}

QString SyncPanel::selectedTopic() const {
    const QModelIndexList rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return {};
    const auto* s = model_->status(rows.first().row());
    return s ? QString::fromStdString(s->topic) : QString();
}

void SyncPanel::updateActions() {
    const bool any = model_->rowCount() > 0;
    empty_->setVisible(!any);
    splitter_->setVisible(any);
    page_->setTopic(selectedTopic());
    const auto* s = model_->status(model_->rowOf(selectedTopic()));
    const bool running = s && (s->state == SyncState::Syncing || s->state == SyncState::CaughtUp ||
                               s->state == SyncState::Pending);
    pause_->setEnabled(running);
    resume_->setEnabled(s && (s->state == SyncState::Paused || s->state == SyncState::Failed));
    disable_->setEnabled(s != nullptr);
    openFolder_->setEnabled(s && QDir(QString::fromStdString(s->location)).exists());
}

void SyncPanel::setProfileStore(profiles::ProfileStore* store) {
    profiles_ = store;
    memory_->setStorageResolver([this](command::EnableSync& c, const QString& name) {
        if (!profiles_) return;
        if (auto p = profiles_->find(name.toStdString()))
            c.s3 = profiles::s3Settings(*p, profiles_->secretsOf(*p));
    });
}

void SyncPanel::showEnableDialog(const QString& topic) {
    if (dialog_) {
        dialog_->raise();
        return;
    }
    QStringList topics;
    for (const auto& t : bridge_.snapshot().topics.topics)
        if (model_->rowOf(QString::fromStdString(t.name)) < 0 && !t.name.ends_with(".dlq"))
            topics << QString::fromStdString(t.name);
    const QString lakeRoot = QString::fromStdString(bridge_.snapshot().lakeRoot);
    std::vector<StorageChoice> storage;
    if (profiles_)
        for (const auto& p : profiles_->list())
            if (p.kind == profiles::ProfileKind::S3)
                storage.push_back({QString::fromStdString(p.name), QString::fromStdString(p.s3Lake),
                                   QString::fromStdString(p.s3Endpoint)});
    dialog_ = new EnableSyncDialog(topics, lakeRoot,
                                   topic.isEmpty() && !topics.isEmpty() ? topics.first() : topic,
                                   this, storage);
    dialog_->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog_, &QDialog::accepted, this, [this] {
        auto c = dialog_->command();
        const QString name = dialog_->storageProfile();
        if (!name.isEmpty() && profiles_) {
            // Secrets are read now, in memory only, for this sync's store.
            if (auto p = profiles_->find(name.toStdString()))
                c.s3 = profiles::s3Settings(*p, profiles_->secretsOf(*p));
        }
        memory_->remember(c, name);
        bridge_.engine().post(std::move(c));
    });
    connect(dialog_, &QObject::destroyed, this, [this] { dialog_ = nullptr; });
    dialog_->open();  // window-modal: the run and the rest of the app go on
}

}  // namespace riverdelta::ui
