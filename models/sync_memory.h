#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <functional>

#include "engine/engine.h"

namespace riverdelta::models {

class EngineBridge;

// The lake syncs enabled per Kafka connection, remembered in QSettings so that the next start
// resumes them: topic, table location, error policy and the storage profile's name, never a
// secret. When the console connects to a Kafka (at start, or after Connect), the syncs
// remembered for it are enabled again with EnableSync::onlyIfOffsetsFit: the engine takes the
// earlier table up only when its offsets still fit the topic (the sandbox's topics are new at
// every start) and says in the log why not otherwise.
class SyncMemory : public QObject {
    Q_OBJECT
  public:
    struct Entry {
        QString topic;
        QString location;
        QString errorPolicy;     // "suspend", "skip", "log"
        QString storageProfile;  // an S3 storage profile's name, or empty
    };
    // Fills an S3 storage profile's settings (secrets read at that moment, memory only).
    using StorageResolver = std::function<void(command::EnableSync&, const QString& profile)>;

    explicit SyncMemory(EngineBridge& bridge, QObject* parent = nullptr);

    // "sandbox" for the embedded cluster, "kafka <bootstrap>" for another; empty while Kafka
    // is not connected.
    static QString connectionKey(const EngineSnapshot& snapshot);

    void remember(const command::EnableSync& sync, const QString& storageProfile);
    void forget(const QString& topic);
    [[nodiscard]] QList<Entry> entries(const QString& connectionKey) const;
    void setStorageResolver(StorageResolver resolver) { resolver_ = std::move(resolver); }

  signals:
    void resumed(const QStringList& topics);  // EnableSync posted for these

  private:
    void poll();
    void resume(const EngineSnapshot& snapshot);
    void save(const QString& connectionKey, const QList<Entry>& entries) const;

    EngineBridge& bridge_;
    QString connected_;  // the key syncs were last resumed for; empty while disconnected
    std::uint64_t seenVersion_ = 0;
    StorageResolver resolver_;
};

}  // namespace riverdelta::models
