#include "models/sync_memory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QUrl>
#include <algorithm>

#include "models/engine_bridge.h"

namespace riverdelta::models {

namespace {

// The console's settings file (ui::MainWindow::kSettingsOrganization / kSettingsApplication).
QSettings settings() {
    return QSettings(QStringLiteral("riverdelta"), QStringLiteral("riverdelta"));
}

QString settingsKey(const QString& connectionKey) {
    return QStringLiteral("lakeSyncs/") +
           QString::fromLatin1(QUrl::toPercentEncoding(connectionKey));
}

}  // namespace

SyncMemory::SyncMemory(EngineBridge& bridge, QObject* parent) : QObject(parent), bridge_(bridge) {
    connect(&bridge_, &EngineBridge::snapshotChanged, this, &SyncMemory::poll);
}

QString SyncMemory::connectionKey(const EngineSnapshot& snapshot) {
    if (snapshot.kafka.state != ServiceState::Connected) return {};
    if (snapshot.kafkaInMemory) return QStringLiteral("sandbox");
    return QStringLiteral("kafka ") + QString::fromStdString(snapshot.kafka.endpoint);
}

QList<SyncMemory::Entry> SyncMemory::entries(const QString& connectionKey) const {
    QList<Entry> out;
    const auto doc =
        QJsonDocument::fromJson(settings().value(settingsKey(connectionKey)).toByteArray());
    for (const auto& v : doc.array()) {
        const QJsonObject o = v.toObject();
        Entry e{o.value(QStringLiteral("topic")).toString(),
                o.value(QStringLiteral("location")).toString(),
                o.value(QStringLiteral("errorPolicy")).toString(),
                o.value(QStringLiteral("storageProfile")).toString()};
        if (!e.topic.isEmpty()) out << e;
    }
    return out;
}

void SyncMemory::save(const QString& connectionKey, const QList<Entry>& entries) const {
    QJsonArray array;
    for (const auto& e : entries)
        array.append(QJsonObject{{QStringLiteral("topic"), e.topic},
                                 {QStringLiteral("location"), e.location},
                                 {QStringLiteral("errorPolicy"), e.errorPolicy},
                                 {QStringLiteral("storageProfile"), e.storageProfile}});
    auto s = settings();
    if (array.isEmpty())
        s.remove(settingsKey(connectionKey));
    else
        s.setValue(settingsKey(connectionKey), QJsonDocument(array).toJson(QJsonDocument::Compact));
}

void SyncMemory::remember(const command::EnableSync& sync, const QString& storageProfile) {
    const QString key = connectionKey(bridge_.snapshot());
    if (key.isEmpty()) return;
    const QString topic = QString::fromStdString(sync.topic);
    // Where the engine puts it unless told: <lake root>/<topic>.
    QString location = QString::fromStdString(sync.location.string());
    if (location.isEmpty())
        location = QString::fromStdString(bridge_.snapshot().lakeRoot) + QLatin1Char('/') + topic;
    QList<Entry> list = entries(key);
    list.erase(
        std::remove_if(list.begin(), list.end(), [&](const Entry& e) { return e.topic == topic; }),
        list.end());
    list << Entry{topic, location, QString::fromLatin1(lake::sync::toString(sync.errorPolicy)),
                  storageProfile};
    save(key, list);
}

void SyncMemory::forget(const QString& topic) {
    const QString key = connectionKey(bridge_.snapshot());
    if (key.isEmpty()) return;
    QList<Entry> list = entries(key);
    list.erase(
        std::remove_if(list.begin(), list.end(), [&](const Entry& e) { return e.topic == topic; }),
        list.end());
    save(key, list);
}

void SyncMemory::poll() {
    const EngineSnapshot& snapshot = bridge_.snapshot();
    const QString key = connectionKey(snapshot);
    if (key != connected_) {
        connected_ = key;
        resume(snapshot);
        return;
    }
    // A resumed sync whose earlier table did not fit went to a new table: remember that one.
    if (key.isEmpty() || snapshot.version == seenVersion_) return;
    seenVersion_ = snapshot.version;
    QList<Entry> list = entries(key);
    bool changed = false;
    for (auto& e : list) {
        const std::string topic = e.topic.toStdString();
        for (const auto& s : snapshot.syncs) {
            const QString location = QString::fromStdString(s.location);
            if (s.topic == topic && location != e.location) {
                e.location = location;
                changed = true;
            }
        }
    }
    if (changed) save(key, list);
}

void SyncMemory::resume(const EngineSnapshot& snapshot) {
    if (connected_.isEmpty()) return;
    QStringList topics;
    for (const auto& e : entries(connected_)) {
        const std::string topic = e.topic.toStdString();
        const bool running = std::any_of(snapshot.syncs.begin(), snapshot.syncs.end(),
                                         [&](const auto& s) { return s.topic == topic; });
        if (running) continue;
        command::EnableSync c;
        c.topic = topic;
        c.location = e.location.toStdString();
        c.errorPolicy = lake::sync::errorPolicyFromString(e.errorPolicy.toStdString())
                            .value_or(lake::sync::ErrorPolicy::Suspend);
        c.onlyIfOffsetsFit = true;
        if (!e.storageProfile.isEmpty()) {
            if (!resolver_) continue;  // its store's settings are not at hand
            resolver_(c, e.storageProfile);
        }
        bridge_.engine().post(std::move(c));
        topics << e.topic;
    }
    if (!topics.isEmpty()) emit resumed(topics);
}

}  // namespace riverdelta::models
