#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/generate/functions/compile_context.h"
#include "engine/generate/program.h"

// Scenario keys that shape a run as a whole rather than one event: `schedule.loop`, the
// clock (`globalConfigs.time`, `timeMultiplier`), `lookupScope`, and a generator's
// `localConfigs.maxBytes`. Each reader checks its key and reports FILE:POINTER problems.
namespace riverdelta::generate {

// schedule.loop: a boolean.
void readScheduleLoop(CompileContext& ctx, const Json& schedule, Program::RunSettings& out);

// globalConfigs.time (UNIX ms the run's clock starts at), globalConfigs.timeMultiplier (a
// positive number, or a function compiled in the current scope and evaluated once per
// session) and globalConfigs.lookupScope ("instantaneous" or "committed").
void readRunGlobals(CompileContext& ctx, const Json& globalConfigs, Program::RunSettings& out);

// localConfigs.maxBytes: a positive integer.
std::optional<std::uint64_t> readMaxBytes(CompileContext& ctx, const Json& value,
                                          const std::string& pointer);

}  // namespace riverdelta::generate
