#include "engine/generate/state_hooks.h"

#include <fmt/format.h>

#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

void refuseStateHooks(CompileContext& ctx, const Json& state, const std::string& pointer) {
    for (const char* hook : {"preHook", "postHook"}) {
        if (!state.contains(hook)) continue;
        ctx.error(scenario::appendPointer(pointer, hook),
                  fmt::format("\"{}\" is not supported: ShadowTraffic runs it as a customFunction, "
                              "user code (Python, Ruby or JavaScript) executed in its JVM {} the "
                              "state is evaluated, and Riverdelta never runs user code; keep such "
                              "state in vars, previousEvent or lookups instead",
                              hook, hook[1] == 'r' ? "before" : "after"));
    }
}

}  // namespace riverdelta::generate
