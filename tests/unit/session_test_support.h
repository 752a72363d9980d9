#pragma once

// Drawing events (with their operation, where, timing and sequence) from a compiled scenario,
// for the generator-level tests (forks, state machines, local configs, lookups).
#include <QtTest>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/generate/value_json_writer.h"
#include "scenario_test_support.h"

namespace rdtest {

struct Drawn {
    std::size_t generator = 0;
    std::uint64_t sequence = 0;
    double due = 0;
    int stage = 0;
    generate::RowOp op = generate::RowOp::Insert;
    nlohmann::json key, payload, where;
};

struct Drawing {
    std::vector<Drawn> events;
    generate::Session::Status last = generate::Session::Status::Event;
    std::string error;
};

inline Drawing draw(const generate::Program& p, std::size_t limit, std::uint64_t seed = 1,
                    double speed = 1.0) {
    generate::FixedClock clock(kNow);
    generate::Session s(p, {.seed = seed, .speed = speed, .clock = &clock});
    generate::Event ev;
    Drawing d;
    while (d.events.size() < limit) {
        d.last = s.next(ev);
        if (d.last != generate::Session::Status::Event) break;
        Drawn x;
        x.generator = ev.generator;
        x.sequence = ev.sequence;
        x.due = ev.dueMs;
        x.stage = ev.stage;
        x.op = ev.op;
        x.key = nlohmann::json::parse(ev.keyJson);
        x.payload = nlohmann::json::parse(ev.payloadJson);
        x.where = nlohmann::json::parse(generate::toJson(ev.where));
        d.events.push_back(std::move(x));
    }
    d.error = s.error();
    return d;
}

inline std::unique_ptr<generate::Program> ok(const std::string& text) {
    auto c = compile(text);
    if (!c.program) qWarning("%s", c.diagnostics.format().c_str());
    return std::move(c.program);
}

// True when some diagnostic line contains `needle`.
inline bool hasProblem(const Compiled& c, const std::string& needle) {
    const std::string all = c.diagnostics.format();
    if (all.find(needle) != std::string::npos) return true;
    qWarning("no diagnostic contains: %s\n--- diagnostics:\n%s", needle.c_str(), all.c_str());
    return false;
}

}  // namespace rdtest
