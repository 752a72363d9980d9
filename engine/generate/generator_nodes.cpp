#include "engine/generate/generator_nodes.h"

#include <cmath>

namespace riverdelta::generate {

void PreviousEventNode::eval(EvalContext& ctx, Value& out) const {
    Value event;
    if (ctx.previous != nullptr) {
        event = *ctx.previous;
    } else if (fallback_ != nullptr) {
        fallback_->eval(ctx, event);
    }
    out = path_.empty() ? event : navigate(event, path_);
}

void PerSecondToMsNode::eval(EvalContext& ctx, Value& out) const {
    const double perSecond = evalNumber(perSecond_, ctx);
    // No positive rate: no throttle (as fast as possible).
    out = Value::ofDouble(perSecond > 0 && std::isfinite(perSecond) ? 1000.0 / perSecond : 0.0);
}

}  // namespace riverdelta::generate
