#include "engine/generate/functions/sequence_nodes.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <new>
#include <numbers>

#include "engine/generate/functions/arithmetic_nodes.h"
#include "engine/generate/value_arena.h"

namespace riverdelta::generate {

void LoopingIntegerNode::eval(EvalContext& ctx, Value& out) const {
    const auto n = static_cast<std::uint64_t>(ctx.state[slot_]++) % period_;
    out = Value::ofInt(static_cast<std::int64_t>(static_cast<std::uint64_t>(start_) +
                                                 n * static_cast<std::uint64_t>(step_)));
}

void CycleNode::eval(EvalContext& ctx, Value& out) const {
    const auto n = static_cast<std::uint64_t>(ctx.state[slot_]++);
    if (!items_.empty()) {
        items_[n % items_.size()]->eval(ctx, out);
        return;
    }
    Value seq;
    dynamic_->eval(ctx, seq);
    if (seq.kind != ValueKind::Array || seq.size == 0) {
        out = Value::null();
        return;
    }
    out = seq.items[n % seq.size];
}

void IntervalsNode::eval(EvalContext& ctx, Value& out) const {
    const CivilTime t = civilFromEpochMs(ctx.nowMs);
    for (const Interval& i : intervals_) {
        for (const CronSpec& c : i.crons) {
            if (c.matches(t)) {
                i.value->eval(ctx, out);
                return;
            }
        }
    }
    if (fallback_ != nullptr) {
        fallback_->eval(ctx, out);
    } else {
        out = Value::null();
    }
}

double haversineKm(double lat1, double lon1, double lat2, double lon2) {
    const double a = std::pow(std::sin((lat2 - lat1) / 2), 2) +
                     std::cos(lat1) * std::cos(lat2) * std::pow(std::sin((lon2 - lon1) / 2), 2);
    return 2 * 6371.0 * std::asin(std::min(1.0, std::sqrt(a)));
}

WaypointsNode::WaypointsNode(std::uint32_t slot, std::vector<Point> points, double speedKmH,
                             double scaleKm, bool degrees, bool loop, Keys keys)
    : slot_(slot),
      points_(std::move(points)),
      speed_(speedKmH),
      scale_(scaleKm),
      degrees_(degrees),
      loop_(loop),
      keys_(keys) {
    if (loop_) points_.push_back(points_.front());
    const double k = degrees_ ? std::numbers::pi / 180.0 : 1.0;
    std::uint64_t total = 0;
    for (std::size_t i = 0; i + 1 < points_.size(); ++i) {
        const double d = haversineKm(points_[i].lat * k, points_[i].lon * k, points_[i + 1].lat * k,
                                     points_[i + 1].lon * k);
        distanceKm_ += d;
        const auto n = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(d / scale_));
        firstStep_.push_back(total);
        steps_.push_back(n);
        total += n;
    }
    // A route ends on its last waypoint; a loop's last step leads back to the first point.
    totalPoints_ = loop_ ? total : total + 1;
}

void WaypointsNode::eval(EvalContext& ctx, Value& out) const {
    const auto count = static_cast<std::uint64_t>(ctx.state[slot_]++);
    const std::uint64_t total = firstStep_.back() + steps_.back();
    std::uint64_t step = loop_ ? count % total : std::min(count, total);
    std::size_t seg = 0;
    while (seg + 1 < steps_.size() && step >= firstStep_[seg + 1])
        ++seg;
    std::uint64_t within = step - firstStep_[seg];
    if (within > steps_[seg]) within = steps_[seg];
    const Point& a = points_[seg];
    const Point& b = points_[seg + 1];
    const double f = static_cast<double>(within) / static_cast<double>(steps_[seg]);
    const double lat = a.lat + (b.lat - a.lat) * f;
    const double lon = a.lon + (b.lon - a.lon) * f;
    const double k = degrees_ ? std::numbers::pi / 180.0 : 1.0;
    // Heading towards the next point of the route (along the segment being travelled).
    const double heading = bearingDegrees(a.lat * k, a.lon * k, b.lat * k, b.lon * k);
    Member* ms = ctx.arena->members(7);
    new (&ms[0]) Member{keys_.latitude, Value::ofDouble(lat)};
    new (&ms[1]) Member{keys_.longitude, Value::ofDouble(lon)};
    new (&ms[2]) Member{keys_.heading, Value::ofDouble(heading)};
    new (&ms[3]) Member{keys_.duration, Value::ofDouble(scale_ / speed_ * 3'600'000.0)};
    new (&ms[4]) Member{keys_.points, Value::ofInt(static_cast<std::int64_t>(totalPoints_))};
    new (&ms[5]) Member{keys_.distance, Value::ofDouble(distanceKm_)};
    new (&ms[6]) Member{keys_.time, Value::ofDouble(distanceKm_ / speed_)};
    out = Value::ofObject(ms, 7);
}

namespace {
struct WanderState final : NodeState {
    double fromLat = 0, fromLon = 0, toLat = 0, toLon = 0;
    std::uint64_t step = 0, steps = 0;
    bool started = false;
};
}  // namespace

void GeoWanderNode::eval(EvalContext& ctx, Value& out) const {
    auto& holder = ctx.nodeStates[slot_];
    if (!holder) holder = std::make_unique<WanderState>();
    auto& st = static_cast<WanderState&>(*holder);
    const double k = degrees_ ? std::numbers::pi / 180.0 : 1.0;
    auto randomPoint = [&](double& lat, double& lon) {
        lat = box_.minLat + ctx.rng->uniform() * (box_.maxLat - box_.minLat);
        lon = box_.minLon + ctx.rng->uniform() * (box_.maxLon - box_.minLon);
    };
    auto newLeg = [&] {
        randomPoint(st.toLat, st.toLon);
        const double d = haversineKm(st.fromLat * k, st.fromLon * k, st.toLat * k, st.toLon * k);
        st.steps = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(d / scale_));
        st.step = 0;
    };
    if (!st.started) {
        randomPoint(st.fromLat, st.fromLon);
        newLeg();
        st.started = true;
    } else if (st.step >= st.steps) {
        st.fromLat = st.toLat;
        st.fromLon = st.toLon;
        newLeg();
    }
    const double f = static_cast<double>(st.step) / static_cast<double>(st.steps);
    ++st.step;
    const double lat = st.fromLat + (st.toLat - st.fromLat) * f;
    const double lon = st.fromLon + (st.toLon - st.fromLon) * f;
    Member* ms = ctx.arena->members(4);
    new (&ms[0]) Member{keys_.latitude, Value::ofDouble(lat)};
    new (&ms[1]) Member{keys_.longitude, Value::ofDouble(lon)};
    new (&ms[2]) Member{keys_.duration, Value::ofDouble(scale_ / speed_ * 3'600'000.0)};
    new (&ms[3])
        Member{keys_.heading, Value::ofDouble(bearingDegrees(st.fromLat * k, st.fromLon * k,
                                                             st.toLat * k, st.toLon * k))};
    out = Value::ofObject(ms, 4);
}

namespace {

double shape(EaseDirection dir, int degree, double t) {
    switch (dir) {
        case EaseDirection::In:
            return std::pow(t, degree);
        case EaseDirection::Out:
            return 1.0 - std::pow(1.0 - t, degree);
        case EaseDirection::InOut:
            return t < 0.5 ? std::pow(2.0, degree - 1) * std::pow(t, degree)
                           : 1.0 - std::pow(-2.0 * t + 2.0, degree) / 2.0;
    }
    return t;
}

}  // namespace

void EasingNode::at(EvalContext& ctx, std::int64_t elapsedMs, std::int64_t index, Value& out,
                    bool& done) const {
    double t;
    if (spec_.durationMs > 0) {
        t = spec_.durationMs <= 1
                ? 1.0
                : static_cast<double>(elapsedMs) / static_cast<double>(spec_.durationMs - 1);
    } else {
        t = spec_.events <= 1 ? 1.0
                              : static_cast<double>(index) / static_cast<double>(spec_.events - 1);
    }
    done = t >= 1.0;
    if (spec_.ease != nullptr) {
        spec_.ease->eval(ctx, out);
        return;
    }
    const double from = evalNumber(spec_.from, ctx);
    const double to = evalNumber(spec_.to, ctx);
    if (std::isnan(from) || std::isnan(to)) {
        out = Value::null();
        return;
    }
    const double x = from + (to - from) * shape(spec_.direction, spec_.degree, std::min(t, 1.0));
    out = Value::ofDouble(x);
}

void EasingNode::eval(EvalContext& ctx, Value& out) const {
    std::int64_t& index = ctx.state[slot_];
    std::int64_t& start = ctx.state[slot_ + 1];
    if (index == 0) start = ctx.nowMs;
    bool done = false;
    at(ctx, ctx.nowMs - start, index, out, done);
    ++index;
}

void EasingChainNode::eval(EvalContext& ctx, Value& out) const {
    std::int64_t& stage = ctx.state[slot_];
    std::int64_t& index = ctx.state[slot_ + 1];
    std::int64_t& start = ctx.state[slot_ + 2];
    if (index == 0) start = ctx.nowMs;
    const EasingNode* s = stages_[static_cast<std::size_t>(stage)];
    bool done = false;
    s->at(ctx, ctx.nowMs - start, index, out, done);
    ++index;
    if (!done) return;
    // The stage has produced its last value: the next evaluation starts the next stage.
    if (static_cast<std::size_t>(stage) + 1 < stages_.size()) {
        ++stage;
        index = 0;
    } else if (loop_) {
        stage = 0;
        index = 0;
    }
}

}  // namespace riverdelta::generate
