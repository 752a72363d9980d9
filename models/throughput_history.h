#pragma once

#include <QList>
#include <QObject>
#include <QPointF>
#include <QStringList>
#include <chrono>
#include <deque>
#include <map>
#include <vector>

#include "engine/run/scenario_status.h"

namespace riverdelta::models {

class EngineBridge;

// Messages/s and bytes/s per topic over the last minutes, from the cumulative counters of the
// engine's snapshots. One point per topic every `interval` (steady, whatever the poll timing),
// the rate taken over the time since the previous point; each topic keeps at most `span` worth
// of points (a ring), so memory stays bounded however long the app runs.
class ThroughputHistory : public QObject {
    Q_OBJECT
  public:
    enum class Metric { Messages, Bytes };
    struct Point {
        qint64 timeMs = 0;  // wall clock, ms since the epoch (chart x)
        double messagesPerSecond = 0;
        double bytesPerSecond = 0;
    };

    explicit ThroughputHistory(std::chrono::milliseconds interval = std::chrono::milliseconds(500),
                               std::chrono::seconds span = std::chrono::minutes(15),
                               QObject* parent = nullptr);

    // Samples the bridge's snapshot after every poll.
    void attach(EngineBridge& bridge);
    // One reading of the cumulative counters at `now` (steady) / `wallMs` (for the x axis).
    void addSample(std::chrono::steady_clock::time_point now, qint64 wallMs,
                   const std::vector<run::TopicCounters>& totals);

    [[nodiscard]] QStringList topics() const;
    // The points of the last `window` before `nowMs`, prepared for QXYSeries::replace.
    [[nodiscard]] QList<QPointF> series(const QString& topic, Metric metric,
                                        std::chrono::seconds window, qint64 nowMs) const;
    [[nodiscard]] std::size_t pointCount(const QString& topic) const;
    [[nodiscard]] std::size_t capacity() const { return capacity_; }
    [[nodiscard]] std::chrono::milliseconds interval() const { return interval_; }
    [[nodiscard]] qint64 lastTimeMs() const { return lastWallMs_; }
    [[nodiscard]] const Point* latest(const QString& topic) const;

  signals:
    void updated();  // new points were appended

  private:
    struct Topic {
        std::deque<Point> points;
        std::uint64_t messages = 0, bytes = 0;  // the counters at the previous point
        bool seen = false;
    };

    std::chrono::milliseconds interval_;
    std::size_t capacity_;
    std::map<QString, Topic> topics_;
    std::chrono::steady_clock::time_point lastPoint_{};
    bool started_ = false;
    qint64 lastWallMs_ = 0;
};

}  // namespace riverdelta::models
