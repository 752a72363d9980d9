#include "engine/generate/functions/arithmetic_nodes.h"

#include <algorithm>
#include <cmath>
#include <new>
#include <numbers>

#include "engine/generate/value_arena.h"

namespace riverdelta::generate {

namespace {

Value numberValue(double x, bool integral) {
    if (!std::isfinite(x)) return Value::null();
    if (integral && std::fabs(x) < 9.0e15) return Value::ofInt(static_cast<std::int64_t>(x));
    return Value::ofDouble(x);
}

}  // namespace

void ArgsNode::eval(EvalContext& ctx, Value& out) const {
    const Value* items = nullptr;
    std::uint32_t n = 0;
    Value dyn;
    Value* own = nullptr;
    if (args_.empty()) {
        dynamic_->eval(ctx, dyn);
        if (dyn.kind != ValueKind::Array || dyn.size == 0) {
            out = Value::null();
            return;
        }
        items = dyn.items;
        n = dyn.size;
    } else {
        n = static_cast<std::uint32_t>(args_.size());
        own = ctx.arena->values(n);
        for (std::uint32_t i = 0; i < n; ++i) {
            new (&own[i]) Value();
            args_[i]->eval(ctx, own[i]);
        }
        items = own;
    }
    bool integral = true;
    for (std::uint32_t i = 0; i < n; ++i) {
        if (!items[i].isNumber()) {
            out = Value::null();
            return;
        }
        integral = integral && items[i].kind == ValueKind::Int;
    }
    if (integral && op_ != ArgsOp::Divide) {
        // Exact 64-bit integer arithmetic; doubles when it would overflow.
        std::int64_t acc = items[0].integer;
        for (std::uint32_t i = 1; i < n; ++i) {
            const std::int64_t b = items[i].integer;
            bool overflow = false;
            switch (op_) {
                case ArgsOp::Add:
                    overflow = __builtin_add_overflow(acc, b, &acc);
                    break;
                case ArgsOp::Subtract:
                    overflow = __builtin_sub_overflow(acc, b, &acc);
                    break;
                case ArgsOp::Multiply:
                    overflow = __builtin_mul_overflow(acc, b, &acc);
                    break;
                case ArgsOp::Min:
                    acc = std::min(acc, b);
                    break;
                case ArgsOp::Max:
                    acc = std::max(acc, b);
                    break;
                case ArgsOp::Divide:
                    break;
            }
            if (overflow) {
                integral = false;
                break;
            }
        }
        if (integral) {
            out = Value::ofInt(acc);
            return;
        }
    }
    double acc = items[0].asDouble();
    bool exact = integral;
    for (std::uint32_t i = 1; i < n; ++i) {
        const double b = items[i].asDouble();
        switch (op_) {
            case ArgsOp::Add:
                acc += b;
                break;
            case ArgsOp::Subtract:
                acc -= b;
                break;
            case ArgsOp::Multiply:
                acc *= b;
                break;
            case ArgsOp::Divide:
                if (b == 0) {
                    out = Value::null();
                    return;
                }
                exact = exact && std::fmod(acc, b) == 0;
                acc /= b;
                break;
            case ArgsOp::Min:
                acc = std::fmin(acc, b);
                break;
            case ArgsOp::Max:
                acc = std::fmax(acc, b);
                break;
        }
    }
    // Integer division that comes out even stays an integer ([80, 2, 4] gives 10).
    out = numberValue(acc, op_ == ArgsOp::Divide && exact);
}

void TrigNode::eval(EvalContext& ctx, Value& out) const {
    const double d = evalNumber(degrees_, ctx);
    if (std::isnan(d)) {
        out = Value::null();
        return;
    }
    const double r = d * std::numbers::pi / 180.0;
    double v = 0;
    switch (op_) {
        case TrigOp::Sin:
            v = std::sin(r);
            break;
        case TrigOp::Cos:
            v = std::cos(r);
            break;
        case TrigOp::Tan:
            v = std::tan(r);
            break;
    }
    out = numberValue(v, false);
}

void PowNode::eval(EvalContext& ctx, Value& out) const {
    Value b, e;
    base_->eval(ctx, b);
    exp_->eval(ctx, e);
    if (!b.isNumber() || !e.isNumber()) {
        out = Value::null();
        return;
    }
    const double r = std::pow(b.asDouble(), e.asDouble());
    const bool integral = b.kind == ValueKind::Int && e.kind == ValueKind::Int && e.integer >= 0;
    out = numberValue(r, integral);
}

void DurationNode::eval(EvalContext& ctx, Value& out) const {
    double ms = 0;
    bool integral = true;
    for (const Part& p : parts_) {
        Value v;
        p.node->eval(ctx, v);
        if (!v.isNumber()) {
            out = Value::null();
            return;
        }
        ms += v.asDouble() * p.factor;
        integral = integral && v.kind == ValueKind::Int;
    }
    out = numberValue(ms, integral || std::floor(ms) == ms);
}

void TrichotomyNode::eval(EvalContext& ctx, Value& out) const {
    const double x = evalNumber(value_, ctx);
    if (std::isnan(x)) {
        out = Value::null();
        return;
    }
    if (x < evalNumber(lowBound_, ctx)) {
        low_->eval(ctx, out);
    } else if (x > evalNumber(highBound_, ctx)) {
        high_->eval(ctx, out);
    } else {
        mid_->eval(ctx, out);
    }
}

double bearingDegrees(double lat1, double lon1, double lat2, double lon2) {
    const double y = std::sin(lon2 - lon1) * std::cos(lat2);
    const double x =
        std::cos(lat1) * std::sin(lat2) - std::sin(lat1) * std::cos(lat2) * std::cos(lon2 - lon1);
    return std::fmod(std::atan2(y, x) * 180.0 / std::numbers::pi + 360.0, 360.0);
}

void HeadingNode::eval(EvalContext& ctx, Value& out) const {
    Value s, d;
    src_->eval(ctx, s);
    dst_->eval(ctx, d);
    if (s.kind != ValueKind::Array || d.kind != ValueKind::Array || s.size != 2 || d.size != 2) {
        out = Value::null();
        return;
    }
    const double k = degrees_ ? std::numbers::pi / 180.0 : 1.0;
    const double v = bearingDegrees(s.items[0].asDouble() * k, s.items[1].asDouble() * k,
                                    d.items[0].asDouble() * k, d.items[1].asDouble() * k);
    out = numberValue(v, false);
}

}  // namespace riverdelta::generate
