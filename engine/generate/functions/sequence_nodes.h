#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/generate/functions/cron_spec.h"
#include "engine/generate/node.h"

// Nodes of the sequence functions (sequence_functions.cpp): values that follow the number of
// evaluations or the run clock. Counters live in session state slots.
namespace riverdelta::generate {

// sequentialInteger with `loopAfter`: back to the start once the next value would pass it.
class LoopingIntegerNode final : public Node {
  public:
    LoopingIntegerNode(std::uint32_t slot, std::int64_t start, std::int64_t step,
                       std::uint64_t period)
        : slot_(slot), start_(start), step_(step), period_(period) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Int; }

  private:
    std::uint32_t slot_;
    std::int64_t start_, step_;
    std::uint64_t period_;  // values before the loop restarts
};

// cycle: the elements of `sequence` in order, round and round.
class CycleNode final : public Node {
  public:
    CycleNode(std::uint32_t slot, std::vector<const Node*> items, const Node* dynamic)
        : slot_(slot), items_(std::move(items)), dynamic_(dynamic) {}
    void eval(EvalContext& ctx, Value& out) const override;

  private:
    std::uint32_t slot_;
    std::vector<const Node*> items_;
    const Node* dynamic_;  // a function giving the array, when items_ is empty
};

// intervals: the value of the first cron expression matching the run clock (UTC).
class IntervalsNode final : public Node {
  public:
    struct Interval {
        std::vector<CronSpec> crons;  // any of them
        const Node* value;
    };
    IntervalsNode(std::vector<Interval> intervals, const Node* fallback)
        : intervals_(std::move(intervals)), fallback_(fallback) {}
    void eval(EvalContext& ctx, Value& out) const override;

  private:
    std::vector<Interval> intervals_;
    const Node* fallback_;  // defaultValue / defaultIndex; null: no fallback
};

// waypoints: a position moving along straight lines (in latitude/longitude) between waypoints,
// one step of `scale` km per evaluation.
class WaypointsNode final : public Node {
  public:
    struct Point {
        double lat, lon;  // in the configured unit
    };
    struct Keys {
        std::string_view latitude, longitude, heading, duration, points, distance, time;
    };
    WaypointsNode(std::uint32_t slot, std::vector<Point> points, double speedKmH, double scaleKm,
                  bool degrees, bool loop, Keys keys);
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Object; }
    [[nodiscard]] std::uint64_t totalPoints() const { return totalPoints_; }

  private:
    std::uint32_t slot_;
    std::vector<Point> points_;             // closed when looping (first point repeated at the end)
    std::vector<std::uint64_t> steps_;      // steps of each segment
    std::vector<std::uint64_t> firstStep_;  // cumulative steps before each segment
    double speed_, scale_, distanceKm_ = 0;
    bool degrees_, loop_;
    std::uint64_t totalPoints_ = 0;
    Keys keys_;
};

// geoWander: an endless random route inside a bounding box: straight legs (in
// latitude/longitude) towards random points of the box, one step of `scale` km per evaluation.
class GeoWanderNode final : public Node {
  public:
    struct Box {
        double minLat, minLon, maxLat, maxLon;  // in the configured unit
    };
    struct Keys {
        std::string_view latitude, longitude, duration, heading;
    };
    GeoWanderNode(std::uint32_t stateSlot, Box box, double speedKmH, double scaleKm, bool degrees,
                  Keys keys)
        : slot_(stateSlot),
          box_(box),
          speed_(speedKmH),
          scale_(scaleKm),
          degrees_(degrees),
          keys_(keys) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Object; }

  private:
    std::uint32_t slot_;  // a NodeState slot
    Box box_;
    double speed_, scale_;
    bool degrees_;
    Keys keys_;
};

// The great-circle distance in km between two points given in radians.
double haversineKm(double lat1, double lon1, double lat2, double lon2);

enum class EaseDirection : std::uint8_t { In, Out, InOut };

// easing: `from` to `to` over `duration` ms of the run clock or over `events` evaluations,
// shaped by direction and degree (1 linear .. 5 quint); then stays at `to`. With `ease`, that
// function's value is used for the stage's length instead.
class EasingNode final : public Node {
  public:
    struct Spec {
        EaseDirection direction = EaseDirection::In;
        int degree = 1;
        const Node* from = nullptr;
        const Node* to = nullptr;
        const Node* ease = nullptr;
        std::int64_t durationMs = 0;  // 0: counted in events
        std::int64_t events = 0;
    };
    EasingNode(Spec spec, std::uint32_t stateSlot) : spec_(spec), slot_(stateSlot) {}
    void eval(EvalContext& ctx, Value& out) const override;
    // The value `elapsedMs` after the start, at evaluation `index` of the stage; `done` tells
    // whether the stage has reached its end.
    void at(EvalContext& ctx, std::int64_t elapsedMs, std::int64_t index, Value& out,
            bool& done) const;

  private:
    Spec spec_;
    std::uint32_t slot_;  // slots slot_ (evaluations) and slot_ + 1 (start time)
};

// easingChain: its easings one after the other, optionally looping.
class EasingChainNode final : public Node {
  public:
    EasingChainNode(std::vector<const EasingNode*> stages, bool loop, std::uint32_t stateSlot)
        : stages_(std::move(stages)), loop_(loop), slot_(stateSlot) {}
    void eval(EvalContext& ctx, Value& out) const override;

  private:
    std::vector<const EasingNode*> stages_;
    bool loop_;
    std::uint32_t slot_;  // stage, evaluations in the stage, stage start time, finished
};

}  // namespace riverdelta::generate
