#pragma once

#include <string>

#include "engine/generate/functions/compile_context.h"

namespace riverdelta::generate {

// A top-level stateMachine state's `preHook` / `postHook`: ShadowTraffic runs them as
// `customFunction`s (Python, Ruby or JavaScript code run in its JVM) before and after the
// state is evaluated. Riverdelta runs no user code, so each is reported with what to use
// instead.
void refuseStateHooks(CompileContext& ctx, const Json& state, const std::string& pointer);

}  // namespace riverdelta::generate
