#include "engine/generate/run_settings.h"

#include <cmath>

#include "engine/generate/functions/compile_helpers.h"

namespace riverdelta::generate {

void readScheduleLoop(CompileContext& ctx, const Json& schedule, Program::RunSettings& out) {
    auto l = schedule.find("loop");
    if (l == schedule.end()) return;
    if (!l->is_boolean()) {
        ctx.error("/schedule/loop", "\"loop\" must be true or false, not " + typeName(*l));
        return;
    }
    out.loop = l->get<bool>();
}

void readRunGlobals(CompileContext& ctx, const Json& globalConfigs, Program::RunSettings& out) {
    if (auto t = globalConfigs.find("time"); t != globalConfigs.end()) {
        if (auto v = integerLiteral(ctx, *t, "/globalConfigs/time",
                                    "\"time\" (the UNIX time in ms the run starts at)"))
            out.startTime = *v;
    }
    if (auto m = globalConfigs.find("timeMultiplier"); m != globalConfigs.end()) {
        const std::string ptr = "/globalConfigs/timeMultiplier";
        const Json& mj = *m;
        if (isFunction(mj)) {
            out.timeMultiplierNode = ctx.compile(mj, ptr, 0);
        } else {
            const double v = mj.is_number() ? mj.get<double>() : 0.0;
            if (v > 0 && std::isfinite(v)) {
                out.timeMultiplier = v;
            } else {
                ctx.error(ptr,
                          "\"timeMultiplier\" must be a positive number (4 runs the clock 4x "
                          "faster, 0.25 4x slower) or a function yielding one, not " +
                              (mj.is_number() ? mj.dump() : typeName(mj)));
            }
        }
    }
    if (auto ls = globalConfigs.find("lookupScope"); ls != globalConfigs.end()) {
        const Json& lj = *ls;
        const bool committed = lj.is_string() && lj.get_ref<const std::string&>() == "committed";
        if (!committed &&
            !(lj.is_string() && lj.get_ref<const std::string&>() == "instantaneous")) {
            ctx.error("/globalConfigs/lookupScope",
                      "\"lookupScope\" must be \"instantaneous\" or \"committed\"");
        } else {
            out.committedLookups = committed;
        }
    }
}

std::optional<std::uint64_t> readMaxBytes(CompileContext& ctx, const Json& value,
                                          const std::string& pointer) {
    auto v = integerLiteral(ctx, value, pointer, "\"maxBytes\"");
    if (!v) return std::nullopt;
    if (*v < 1) {
        ctx.error(pointer, "\"maxBytes\" must be at least 1 (bytes the generator writes)");
        return std::nullopt;
    }
    return static_cast<std::uint64_t>(*v);
}

}  // namespace riverdelta::generate
