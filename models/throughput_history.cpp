#include "models/throughput_history.h"

#include <QDateTime>
#include <algorithm>

#include "models/engine_bridge.h"

namespace riverdelta::models {

ThroughputHistory::ThroughputHistory(std::chrono::milliseconds interval, std::chrono::seconds span,
                                     QObject* parent)
    : QObject(parent),
      interval_(interval),
      capacity_(static_cast<std::size_t>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(span) / interval) +
                1) {}

void ThroughputHistory::attach(EngineBridge& bridge) {
    connect(&bridge, &EngineBridge::polled, this, [this, &bridge] {
        addSample(std::chrono::steady_clock::now(), QDateTime::currentMSecsSinceEpoch(),
                  readingsOf(bridge.snapshot().scenario));
    });
}

std::vector<ThroughputHistory::Reading> ThroughputHistory::readingsOf(
    const run::ScenarioStatus& scenario) {
    std::vector<Reading> out;
    for (const auto& t : scenario.topics)
        out.push_back({t.topic, Kind::Topic, t.messages, t.bytes});
    for (const auto& c : scenario.captures)
        for (const auto& t : c.tableEvents)
            out.push_back({t.topic, Kind::CdcTopic, t.events, 0});
    // Rows written per table: inserts, updates and deletes of every generator writing it.
    std::map<std::string, Reading> tables;
    for (const auto& g : scenario.generators) {
        if (!g.table) continue;
        auto& t = tables[g.target];
        t.name = g.target;
        t.kind = Kind::Table;
        t.messages += g.acknowledged;
        t.bytes += g.bytes;
    }
    for (auto& [name, t] : tables)
        out.push_back(std::move(t));
    return out;
}

void ThroughputHistory::addSample(std::chrono::steady_clock::time_point now, qint64 wallMs,
                                  const std::vector<run::TopicCounters>& totals) {
    std::vector<Reading> readings;
    readings.reserve(totals.size());
    for (const auto& t : totals)
        readings.push_back({t.topic, Kind::Topic, t.messages, t.bytes});
    addSample(now, wallMs, readings);
}

void ThroughputHistory::addSample(std::chrono::steady_clock::time_point now, qint64 wallMs,
                                  const std::vector<Reading>& readings) {
    for (const auto& r : readings) {
        const auto [it, added] = series_.try_emplace(QString::fromStdString(r.name));
        auto& s = it->second;
        s.kind = r.kind;
        // A series that shows up after the first reading had nothing written at every reading
        // before: its first event is a rate from the start (one in the first 12 s reads 5/min),
        // not "–" until its second.
        if (added && started_) s.rate.add(startedAt_, 0, 0);
        s.rate.add(now, r.messages, r.bytes);
    }
    if (!started_) {
        // The first reading is the baseline: what was sent before the app watched is no rate.
        started_ = true;
        startedAt_ = now;
        lastPoint_ = now;
        lastWallMs_ = wallMs;
        return;
    }
    for (auto& [name, s] : series_)
        s.last = s.rate.rate(now);
    if (now - lastPoint_ < interval_) return;
    lastPoint_ = now;
    lastWallMs_ = wallMs;
    for (auto& [name, s] : series_) {
        s.points.push_back({wallMs, s.last.eventsPerSecond, s.last.bytesPerSecond});
        while (s.points.size() > capacity_)
            s.points.pop_front();
    }
    emit updated();
}

void ThroughputHistory::clear() {
    series_.clear();
    started_ = false;
    lastWallMs_ = 0;
    emit updated();
}

QStringList ThroughputHistory::topics() const {
    QStringList out;
    for (const Kind kind : {Kind::Topic, Kind::CdcTopic, Kind::Table})
        for (const auto& [name, s] : series_)
            if (s.kind == kind) out << name;
    return out;
}

const ThroughputHistory::Series* ThroughputHistory::find(const QString& topic) const {
    const auto it = series_.find(topic);
    return it == series_.end() ? nullptr : &it->second;
}

ThroughputHistory::Kind ThroughputHistory::kind(const QString& topic) const {
    const auto* s = find(topic);
    return s ? s->kind : Kind::Topic;
}

std::uint64_t ThroughputHistory::total(const QString& topic) const {
    const auto* s = find(topic);
    return s ? s->rate.events() : 0;
}

WindowedRate::Rate ThroughputHistory::rate(const QString& topic) const {
    const auto* s = find(topic);
    return s ? s->last : WindowedRate::Rate{};
}

QList<QPointF> ThroughputHistory::series(const QString& topic, Metric metric,
                                         std::chrono::seconds window, qint64 nowMs) const {
    QList<QPointF> out;
    const auto* s = find(topic);
    if (!s) return out;
    const qint64 from = nowMs - static_cast<qint64>(window.count()) * 1000;
    const auto& points = s->points;
    // Points are in time order: skip what is older than the window from the front.
    auto first = std::lower_bound(points.begin(), points.end(), from,
                                  [](const Point& p, qint64 t) { return p.timeMs < t; });
    out.reserve(static_cast<qsizetype>(std::distance(first, points.end())));
    for (auto p = first; p != points.end(); ++p)
        out.append(QPointF(static_cast<qreal>(p->timeMs),
                           metric == Metric::Messages ? p->messagesPerSecond : p->bytesPerSecond));
    return out;
}

std::size_t ThroughputHistory::pointCount(const QString& topic) const {
    const auto* s = find(topic);
    return s ? s->points.size() : 0;
}

const ThroughputHistory::Point* ThroughputHistory::latest(const QString& topic) const {
    const auto* s = find(topic);
    if (!s || s->points.empty()) return nullptr;
    return &s->points.back();
}

}  // namespace riverdelta::models
