// Time: the run clock and date formatting.
#include "engine/generate/functions/function_themes.h"

namespace riverdelta::generate {

namespace {

const Node* compileNow(const FunctionCall& call) {
    return call.ctx().make<NowNode>();
}

}  // namespace

void addDateFunctions(std::vector<FunctionSpec>& out) {
    out.push_back(
        {"now", "dates", "The run clock in milliseconds since the epoch (UTC).", {}, compileNow});
}

}  // namespace riverdelta::generate
