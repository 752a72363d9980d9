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
                  bridge.snapshot().scenario.topics);
    });
}

void ThroughputHistory::addSample(std::chrono::steady_clock::time_point now, qint64 wallMs,
                                  const std::vector<run::TopicCounters>& totals) {
    if (!started_) {
        // The first reading is the baseline: what was sent before the app watched is no rate.
        started_ = true;
        lastPoint_ = now;
        lastWallMs_ = wallMs;
        for (const auto& t : totals) {
            auto& topic = topics_[QString::fromStdString(t.topic)];
            topic.messages = t.messages;
            topic.bytes = t.bytes;
            topic.seen = true;
        }
        return;
    }
    const auto elapsed = now - lastPoint_;
    if (elapsed < interval_) return;
    const double seconds = std::chrono::duration<double>(elapsed).count();
    lastPoint_ = now;
    lastWallMs_ = wallMs;
    for (const auto& t : totals) {
        auto& topic = topics_[QString::fromStdString(t.topic)];
        Point p{wallMs, 0, 0};
        // A counter that went back means a new run or scenario: start over from it.
        if (topic.seen && t.messages >= topic.messages && t.bytes >= topic.bytes) {
            p.messagesPerSecond = static_cast<double>(t.messages - topic.messages) / seconds;
            p.bytesPerSecond = static_cast<double>(t.bytes - topic.bytes) / seconds;
        }
        topic.messages = t.messages;
        topic.bytes = t.bytes;
        topic.seen = true;
        topic.points.push_back(p);
        while (topic.points.size() > capacity_)
            topic.points.pop_front();
    }
    emit updated();
}

QStringList ThroughputHistory::topics() const {
    QStringList out;
    for (const auto& [name, topic] : topics_)
        out << name;
    return out;
}

QList<QPointF> ThroughputHistory::series(const QString& topic, Metric metric,
                                         std::chrono::seconds window, qint64 nowMs) const {
    QList<QPointF> out;
    const auto it = topics_.find(topic);
    if (it == topics_.end()) return out;
    const qint64 from = nowMs - static_cast<qint64>(window.count()) * 1000;
    const auto& points = it->second.points;
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
    const auto it = topics_.find(topic);
    return it == topics_.end() ? 0 : it->second.points.size();
}

const ThroughputHistory::Point* ThroughputHistory::latest(const QString& topic) const {
    const auto it = topics_.find(topic);
    if (it == topics_.end() || it->second.points.empty()) return nullptr;
    return &it->second.points.back();
}

}  // namespace riverdelta::models
