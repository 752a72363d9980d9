// Throughput of the scenario engine on a clickstream-like generator (sequence id, lookups
// with a histogram, weighted choice, normal and uniform distributions, string templates,
// ~150-byte JSON) to a null sink, next to the same events built as an nlohmann::json DOM and
// dumped, measured in the same run. Two more rows: 10,000 live forks (each its own throttled
// stream) and a state machine with weighted transitions, each beside a hand-written C++ loop
// doing the same work (a priority queue of 10,000 streams; a switch over the states).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <queue>
#include <string>
#include <vector>

#include "bench/thread_cpu_timer.h"
#include "engine/generate/clock.h"
#include "engine/generate/compiler.h"
#include "engine/generate/rng.h"
#include "engine/generate/session.h"
#include "engine/scenario/builtin_scenarios.h"

using namespace riverdelta;

namespace {

constexpr const char* kScenario = R"json({
  "generators": [
    {
      "name": "customers", "table": "customer",
      "vars": { "n": { "_gen": "sequentialInteger", "startingFrom": 1000 } },
      "row": {
        "customer_id": { "_gen": "string", "expr": "C#{n}" },
        "email": { "_gen": "string", "expr": "#{Name.username}.#{n}@example.com" }
      },
      "localConfigs": { "maxEvents": 1000 }
    },
    {
      "name": "hotels", "table": "hotel",
      "row": { "hotel_id": { "_gen": "sequentialString", "startingFrom": 100, "expr": "H~d" } },
      "localConfigs": { "maxEvents": 30 }
    },
    {
      "name": "clicks", "topic": "clickstream",
      "vars": {
        "id": { "_gen": "sequentialString", "startingFrom": 100000, "expr": "A~d" },
        "hotel": { "_gen": "lookup", "table": "hotel", "path": ["row", "hotel_id"] },
        "room": { "_gen": "uniformDistribution", "bounds": [100, 450], "decimals": 0 }
      },
      "key": { "_gen": "var", "var": "id" },
      "value": {
        "activity_id": { "_gen": "var", "var": "id" },
        "customer_email": {
          "_gen": "lookup", "table": "customer", "path": ["row", "email"],
          "histogram": { "_gen": "histogram",
                         "bins": [ { "bin": 0.2, "frequency": 8 }, { "bin": 0.8, "frequency": 2 } ] }
        },
        "hotel_id": { "_gen": "var", "var": "hotel" },
        "action": { "_gen": "weightedOneOf", "choices": [
          { "weight": 5, "value": "page-view" }, { "weight": 3, "value": "page-click" },
          { "weight": 2, "value": "booking-click" } ] },
        "event_duration": { "_gen": "normalDistribution", "mean": 180, "sd": 30,
                            "clamp": [30, 600], "decimals": 0 },
        "url": { "_gen": "string", "expr": "/hotels/#{hotel}/rooms/#{room}" },
        "created_at": { "_gen": "uniformDistribution",
                        "bounds": [1745000000000, 1750000000000], "decimals": 0 }
      }
    }
  ],
  "schedule": { "stages": [ ["customers", "hotels"], ["clicks"] ] }
})json";

double seconds(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

struct Result {
    double eventsPerSecond;     // wall clock
    double eventsPerCpuSecond;  // this thread's CPU time
    double bytesPerEvent;
    std::uint64_t checksum;
};

Result runEngine(const generate::Program& program, std::uint64_t events) {
    generate::FixedClock clock(1750000000000);
    generate::Session session(program, {.seed = 7, .speed = 1.0, .clock = &clock});
    generate::Event ev;
    // Seed stage (not timed).
    while (session.next(ev) == generate::Session::Status::Event && session.currentStage() == 0) {
    }
    std::uint64_t bytes = 0, checksum = 0;
    const auto t0 = std::chrono::steady_clock::now();
    const ThreadCpuTimer cpu;
    for (std::uint64_t i = 0; i < events; ++i) {
        if (session.next(ev) != generate::Session::Status::Event) {
            std::fprintf(stderr, "session stopped: %s\n", session.error().c_str());
            std::exit(1);
        }
        // Null sink: touch the bytes so nothing is optimised away.
        bytes += ev.keyJson.size() + ev.payloadJson.size();
        checksum += static_cast<unsigned char>(ev.payloadJson[ev.payloadJson.size() / 2]);
    }
    const double s = seconds(std::chrono::steady_clock::now() - t0);
    const double c = cpu.seconds();
    return {static_cast<double>(events) / s, static_cast<double>(events) / c,
            static_cast<double>(bytes) / events, checksum};
}

// The same events, built per event as an nlohmann::json DOM and serialised with dump().
Result runDomBaseline(std::uint64_t events) {
    generate::Rng rng(7);
    std::vector<std::string> emails, hotels;
    for (int i = 0; i < 1000; ++i)
        emails.push_back(fmt::format("user.name.{}@example.com", 1000 + i));
    for (int i = 0; i < 30; ++i)
        hotels.push_back(fmt::format("H{}", 100 + i));
    const double cumulative[] = {0.5, 0.8, 1.0};
    const char* actions[] = {"page-view", "page-click", "booking-click"};
    std::uint64_t bytes = 0, checksum = 0;
    const auto t0 = std::chrono::steady_clock::now();
    const ThreadCpuTimer cpu;
    for (std::uint64_t i = 0; i < events; ++i) {
        const std::string id = fmt::format("A{}", 100000 + i);
        const std::string& hotel = hotels[rng.below(hotels.size())];
        const std::int64_t room = rng.between(100, 450);
        // Histogram: 80% of draws from the first 20% of customers.
        const bool core = rng.uniform() < 0.8;
        const double pos = core ? rng.uniform() * 0.2 : 0.2 + rng.uniform() * 0.8;
        const std::string& email = emails[static_cast<std::size_t>(pos * emails.size())];
        const double u = rng.uniform();
        int a = 0;
        while (cumulative[a] <= u)
            ++a;
        const double duration = std::clamp(180.0 + 30.0 * rng.normal(), 30.0, 600.0);
        nlohmann::json value;
        value["activity_id"] = id;
        value["customer_email"] = email;
        value["hotel_id"] = hotel;
        value["action"] = actions[a];
        value["event_duration"] = static_cast<std::int64_t>(std::llround(duration));
        value["url"] = fmt::format("/hotels/{}/rooms/{}", hotel, room);
        value["created_at"] = rng.between(1745000000000, 1750000000000);
        nlohmann::json key = id;
        const std::string k = key.dump();
        const std::string v = value.dump();
        bytes += k.size() + v.size();
        checksum += static_cast<unsigned char>(v[v.size() / 2]);
    }
    const double s = seconds(std::chrono::steady_clock::now() - t0);
    const double c = cpu.seconds();
    return {static_cast<double>(events) / s, static_cast<double>(events) / c,
            static_cast<double>(bytes) / events, checksum};
}

constexpr const char* kForks = R"json({
  "generators": [{
    "topic": "devices",
    "fork": { "key": { "_gen": "sequentialString", "expr": "dev-~d" }, "maxForks": 10000 },
    "value": {
      "device": { "_gen": "var", "var": "forkKey" },
      "reading": { "_gen": "normalDistribution", "mean": 20, "sd": 2, "decimals": 2 }
    },
    "localConfigs": { "throttleMs": { "_gen": "uniformDistribution", "bounds": [500, 1500] } }
  }]
})json";

constexpr const char* kStateMachine = R"json({
  "generators": [{
    "topic": "sessions",
    "value": { "user": { "_gen": "uniformDistribution", "bounds": [1, 100000], "decimals": 0 } },
    "stateMachine": {
      "_gen": "stateMachine",
      "initial": "browse",
      "transitions": {
        "browse": { "_gen": "weightedOneOf", "choices": [
          { "weight": 6, "value": "browse" }, { "weight": 3, "value": "cart" },
          { "weight": 1, "value": "checkout" } ] },
        "cart": { "_gen": "oneOf", "choices": ["browse", "checkout"] },
        "checkout": "browse"
      },
      "states": {
        "browse": { "value": { "action": "browse" } },
        "cart": { "value": { "action": "add-to-cart" } },
        "checkout": { "value": { "action": "checkout" } }
      }
    }
  }]
})json";

// Any single-stage program: `events` events after `skip` untimed ones.
Result runProgram(const generate::Program& program, std::uint64_t skip, std::uint64_t events) {
    generate::FixedClock clock(1750000000000);
    generate::Session session(program, {.seed = 7, .speed = 1.0, .clock = &clock});
    generate::Event ev;
    for (std::uint64_t i = 0; i < skip; ++i)
        session.next(ev);
    std::uint64_t bytes = 0, checksum = 0;
    const auto t0 = std::chrono::steady_clock::now();
    const ThreadCpuTimer cpu;
    for (std::uint64_t i = 0; i < events; ++i) {
        if (session.next(ev) != generate::Session::Status::Event) {
            std::fprintf(stderr, "session stopped: %s\n", session.error().c_str());
            std::exit(1);
        }
        bytes += ev.keyJson.size() + ev.payloadJson.size();
        checksum += static_cast<unsigned char>(ev.payloadJson[ev.payloadJson.size() / 2]);
    }
    const double s = seconds(std::chrono::steady_clock::now() - t0);
    const double c = cpu.seconds();
    return {static_cast<double>(events) / s, static_cast<double>(events) / c,
            static_cast<double>(bytes) / events, checksum};
}

// 10,000 throttled streams by hand: a binary heap on due time, the JSON written with fmt.
Result runForksBaseline(std::uint64_t events) {
    struct Stream {
        double due;
        std::uint32_t id;
        bool operator>(const Stream& o) const { return due != o.due ? due > o.due : id > o.id; }
    };
    generate::Rng rng(7);
    std::vector<std::string> names;
    std::priority_queue<Stream, std::vector<Stream>, std::greater<>> queue;
    for (std::uint32_t i = 0; i < 10000; ++i) {
        names.push_back(fmt::format("dev-{}", i));
        queue.push({0, i});
    }
    for (int i = 0; i < 10000; ++i) {  // the same untimed start as the engine's spawns
        Stream s = queue.top();
        queue.pop();
        s.due += 500 + rng.uniform() * 1000;
        queue.push(s);
    }
    std::string out;
    std::uint64_t bytes = 0, checksum = 0;
    const auto t0 = std::chrono::steady_clock::now();
    const ThreadCpuTimer cpu;
    for (std::uint64_t i = 0; i < events; ++i) {
        Stream s = queue.top();
        queue.pop();
        const double reading = std::round((20 + 2 * rng.normal()) * 100) / 100;
        out.clear();
        fmt::format_to(std::back_inserter(out), "{{\"device\":\"{}\",\"reading\":{}}}", names[s.id],
                       reading);
        s.due += 500 + rng.uniform() * 1000;
        queue.push(s);
        bytes += 4 + out.size();  // "null" key
        checksum += static_cast<unsigned char>(out[out.size() / 2]);
    }
    const double sec = seconds(std::chrono::steady_clock::now() - t0);
    const double c = cpu.seconds();
    return {static_cast<double>(events) / sec, static_cast<double>(events) / c,
            static_cast<double>(bytes) / events, checksum};
}

// The state machine by hand: a switch over three states and the same draws.
Result runStateMachineBaseline(std::uint64_t events) {
    generate::Rng rng(7);
    static const char* actions[] = {"browse", "add-to-cart", "checkout"};
    int state = 0;
    std::string out;
    std::uint64_t bytes = 0, checksum = 0;
    const auto t0 = std::chrono::steady_clock::now();
    const ThreadCpuTimer cpu;
    for (std::uint64_t i = 0; i < events; ++i) {
        const std::int64_t user = rng.between(1, 100000);
        out.clear();
        fmt::format_to(std::back_inserter(out), "{{\"user\":{},\"action\":\"{}\"}}", user,
                       actions[state]);
        const double u = rng.uniform();
        if (state == 0) {
            state = u < 0.6 ? 0 : u < 0.9 ? 1 : 2;
        } else if (state == 1) {
            state = u < 0.5 ? 0 : 2;
        } else {
            state = 0;
        }
        bytes += 4 + out.size();
        checksum += static_cast<unsigned char>(out[out.size() / 2]);
    }
    const double sec = seconds(std::chrono::steady_clock::now() - t0);
    const double c = cpu.seconds();
    return {static_cast<double>(events) / sec, static_cast<double>(events) / c,
            static_cast<double>(bytes) / events, checksum};
}

std::unique_ptr<generate::Program> compileOrDie(const char* text) {
    scenario::FileResolver resolver = scenario::makeResolver();
    scenario::Diagnostics diagnostics;
    auto program = generate::compileText("bench.json", text, resolver, diagnostics);
    if (!program) {
        std::fprintf(stderr, "%s", diagnostics.format().c_str());
        std::exit(1);
    }
    return program;
}

void printRow(const char* label, const Result& r) {
    std::printf("  %-22s : %14.0f   %16.0f   %8.0f\n", label, r.eventsPerCpuSecond,
                r.eventsPerSecond, r.bytesPerEvent);
}

}  // namespace

int main(int argc, char** argv) {
    const std::uint64_t events = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 3'000'000;
    scenario::FileResolver resolver = scenario::makeResolver();
    scenario::Diagnostics diagnostics;
    auto program = generate::compileText("bench.json", kScenario, resolver, diagnostics);
    if (!program) {
        std::fprintf(stderr, "%s", diagnostics.format().c_str());
        return 1;
    }
    // Warm up both paths once, then measure.
    runEngine(*program, events / 10);
    runDomBaseline(events / 10);
    const Result ours = runEngine(*program, events);
    const Result dom = runDomBaseline(events);
    std::printf("clickstream-like generator, %llu events, one thread, null sink\n",
                static_cast<unsigned long long>(events));
    std::printf("                           events per CPU-second   events/s wall   bytes/event\n");
    std::printf("  riverdelta engine      : %14.0f   %16.0f   %8.0f\n", ours.eventsPerCpuSecond,
                ours.eventsPerSecond, ours.bytesPerEvent);
    std::printf("  nlohmann::json DOM     : %14.0f   %16.0f   %8.0f\n", dom.eventsPerCpuSecond,
                dom.eventsPerSecond, dom.bytesPerEvent);
    std::printf("  ratio engine / DOM     : %13.2fx   %15.2fx\n",
                ours.eventsPerCpuSecond / dom.eventsPerCpuSecond,
                ours.eventsPerSecond / dom.eventsPerSecond);
    std::printf("  target >= 1,000,000/s on one thread (CPU time): %s\n",
                ours.eventsPerCpuSecond >= 1e6 ? "met" : "NOT met");
    std::printf("  (checksums %llu %llu)\n", static_cast<unsigned long long>(ours.checksum),
                static_cast<unsigned long long>(dom.checksum));

    // 10,000 forks: every fork spawned (and its first event made) before timing starts.
    auto forks = compileOrDie(kForks);
    auto machine = compileOrDie(kStateMachine);
    runProgram(*forks, 20000, events / 10);
    runForksBaseline(events / 10);
    const Result forkOurs = runProgram(*forks, 20000, events);
    const Result forkBase = runForksBaseline(events);
    runProgram(*machine, 0, events / 10);
    runStateMachineBaseline(events / 10);
    const Result smOurs = runProgram(*machine, 0, events);
    const Result smBase = runStateMachineBaseline(events);
    std::printf("\n10,000 live forks (throttled streams), %llu events\n",
                static_cast<unsigned long long>(events));
    std::printf("                           events per CPU-second   events/s wall   bytes/event\n");
    printRow("riverdelta engine", forkOurs);
    printRow("hand-written heap", forkBase);
    std::printf("  ratio engine / hand     : %12.2fx\n",
                forkOurs.eventsPerCpuSecond / forkBase.eventsPerCpuSecond);
    std::printf("\nstate machine (3 states, weighted transitions), %llu events\n",
                static_cast<unsigned long long>(events));
    std::printf("                           events per CPU-second   events/s wall   bytes/event\n");
    printRow("riverdelta engine", smOurs);
    printRow("hand-written switch", smBase);
    std::printf("  ratio engine / hand     : %12.2fx\n",
                smOurs.eventsPerCpuSecond / smBase.eventsPerCpuSecond);
    std::printf("  (checksums %llu %llu %llu %llu)\n",
                static_cast<unsigned long long>(forkOurs.checksum),
                static_cast<unsigned long long>(forkBase.checksum),
                static_cast<unsigned long long>(smOurs.checksum),
                static_cast<unsigned long long>(smBase.checksum));
    return 0;
}
