#pragma once

#include <QList>
#include <QObject>
#include <QPointF>
#include <QStringList>
#include <chrono>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "engine/run/scenario_status.h"
#include "models/windowed_rate.h"

namespace riverdelta::models {

class EngineBridge;

// Messages/s and bytes/s per series over the last minutes, from the cumulative counters of the
// engine's snapshots: the scenario's topics, the change data capture topics and the PostgreSQL
// tables the run writes. Every reading feeds a WindowedRate per series (a window that fits the
// stream: 1 s when busy, up to 2 min when sparse); one point per series every `interval`
// (steady, whatever the poll timing) records that rate. Each series keeps at most `span` worth
// of points (a ring), so memory stays bounded however long the app runs.
class ThroughputHistory : public QObject {
    Q_OBJECT
  public:
    enum class Metric { Messages, Bytes };
    enum class Kind { Topic, CdcTopic, Table };
    struct Point {
        qint64 timeMs = 0;  // wall clock, ms since the epoch (chart x)
        double messagesPerSecond = 0;
        double bytesPerSecond = 0;
    };
    // One series' cumulative counters (messages: events, change events or rows written).
    struct Reading {
        std::string name;
        Kind kind = Kind::Topic;
        std::uint64_t messages = 0;
        std::uint64_t bytes = 0;
    };

    explicit ThroughputHistory(std::chrono::milliseconds interval = std::chrono::milliseconds(500),
                               std::chrono::seconds span = std::chrono::minutes(15),
                               QObject* parent = nullptr);

    // Samples the bridge's snapshot after every poll: topics, capture topics and tables.
    void attach(EngineBridge& bridge);
    // What one snapshot reads as: every series with its kind.
    [[nodiscard]] static std::vector<Reading> readingsOf(const run::ScenarioStatus& scenario);
    // One reading of the cumulative counters at `now` (steady) / `wallMs` (for the x axis).
    void addSample(std::chrono::steady_clock::time_point now, qint64 wallMs,
                   const std::vector<Reading>& readings);
    void addSample(std::chrono::steady_clock::time_point now, qint64 wallMs,
                   const std::vector<run::TopicCounters>& totals);
    // Forgets every series and point (a new run): the next reading is a new baseline.
    void clear();

    [[nodiscard]] QStringList topics() const;  // every series, topics first, then CDC, tables
    [[nodiscard]] Kind kind(const QString& topic) const;
    // The cumulative count at the last reading (events, change events or rows).
    [[nodiscard]] std::uint64_t total(const QString& topic) const;
    // The windowed rate at the last reading.
    [[nodiscard]] WindowedRate::Rate rate(const QString& topic) const;
    // The points of the last `window` before `nowMs`, prepared for QXYSeries::replace.
    [[nodiscard]] QList<QPointF> series(const QString& topic, Metric metric,
                                        std::chrono::seconds window, qint64 nowMs) const;
    [[nodiscard]] std::size_t pointCount(const QString& topic) const;
    [[nodiscard]] std::size_t capacity() const { return capacity_; }
    [[nodiscard]] std::chrono::milliseconds interval() const { return interval_; }
    [[nodiscard]] qint64 lastTimeMs() const { return lastWallMs_; }
    [[nodiscard]] const Point* latest(const QString& topic) const;

  signals:
    void updated();  // new points were appended (or everything was cleared)

  private:
    struct Series {
        Kind kind = Kind::Topic;
        std::deque<Point> points;
        WindowedRate rate;
        WindowedRate::Rate last;  // at the last reading
    };
    [[nodiscard]] const Series* find(const QString& topic) const;

    std::chrono::milliseconds interval_;
    std::size_t capacity_;
    std::map<QString, Series> series_;
    std::chrono::steady_clock::time_point lastPoint_{};
    bool started_ = false;
    std::chrono::steady_clock::time_point startedAt_{};  // the first reading (since clear())
    qint64 lastWallMs_ = 0;
};

}  // namespace riverdelta::models
