#pragma once

// Helpers shared by the scenario/generate unit tests: compile JSON held in memory and draw
// events without touching the filesystem.
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/generate/clock.h"
#include "engine/generate/compiler.h"
#include "engine/generate/session.h"
#include "engine/scenario/file_provider.h"

namespace rdtest {

using namespace riverdelta;

inline constexpr std::int64_t kNow = 1750000000000;  // 2025-06-15T15:06:40Z

struct Compiled {
    std::unique_ptr<generate::Program> program;
    scenario::Diagnostics diagnostics;
};

inline Compiled compile(const std::string& text,
                        std::shared_ptr<scenario::MemoryFileProvider> files = nullptr,
                        const std::string& name = "/data/scenario.json") {
    if (!files) files = std::make_shared<scenario::MemoryFileProvider>();
    scenario::FileResolver resolver(files);
    Compiled c;
    c.program = generate::compileText(name, text, resolver, c.diagnostics);
    return c;
}

// A scenario with one topic generator whose value is `valueJson`.
inline std::string single(const std::string& valueJson, const std::string& extra = "") {
    return R"({"generators":[{"name":"g","topic":"t",)" + extra + R"("value":)" + valueJson + "}]}";
}

// Runs the session and returns every event's payload JSON (at most `limit`).
inline std::vector<std::string> payloads(const generate::Program& p, std::size_t limit,
                                         std::uint64_t seed = 1,
                                         std::optional<std::size_t> only = std::nullopt) {
    generate::FixedClock clock(kNow);
    generate::Session s(p, {.seed = seed, .speed = 1.0, .clock = &clock});
    generate::Event ev;
    std::vector<std::string> out;
    while (out.size() < limit && s.next(ev) == generate::Session::Status::Event) {
        if (only && ev.generator != *only) continue;
        out.emplace_back(ev.payloadJson);
    }
    return out;
}

// Numeric values of the single generator's value.
inline std::vector<double> numbers(const generate::Program& p, std::size_t n,
                                   std::uint64_t seed = 1) {
    generate::FixedClock clock(kNow);
    generate::Session s(p, {.seed = seed, .speed = 1.0, .clock = &clock});
    generate::Event ev;
    std::vector<double> out;
    out.reserve(n);
    while (out.size() < n && s.next(ev) == generate::Session::Status::Event) {
        out.push_back(ev.payload.asDouble());
    }
    return out;
}

inline std::vector<std::string> strings(const generate::Program& p, std::size_t n,
                                        std::uint64_t seed = 1) {
    generate::FixedClock clock(kNow);
    generate::Session s(p, {.seed = seed, .speed = 1.0, .clock = &clock});
    generate::Event ev;
    std::vector<std::string> out;
    while (out.size() < n && s.next(ev) == generate::Session::Status::Event) {
        out.emplace_back(ev.payload.string());
    }
    return out;
}

inline double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v)
        s += x;
    return s / static_cast<double>(v.size());
}

inline double stddev(const std::vector<double>& v) {
    const double m = mean(v);
    double s = 0;
    for (double x : v)
        s += (x - m) * (x - m);
    return std::sqrt(s / static_cast<double>(v.size() - 1));
}

}  // namespace rdtest
