// Cost of one Faker value: every expression compiled once and evaluated into a reused buffer
// (what a `string` template does per event), next to parsing the expression again for every
// value (what an interpreter without a compile step would do), measured in the same run.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/thread_cpu_timer.h"
#include "engine/generate/faker.h"

using riverdelta::generate::Faker;
using riverdelta::generate::Rng;

namespace {

constexpr std::int64_t kNow = 1750000000000;

std::string withArguments(const std::string& name) {
    if (name == "Number.numberBetween") return name + " '1','100'";
    if (name == "Number.randomDouble") return name + " '2','1','100'";
    if (name.ends_with(".past") || name.ends_with(".future")) return name + " '10','DAYS'";
    if (name.ends_with(".between")) return name + " '2020-01-01','2020-12-31'";
    if (name == "numerify" || name == "letterify" || name == "bothify") return name + " 'AB-###'";
    if (name == "regexify") return name + " '[A-Z]{2}-[0-9]{4}'";
    if (name == "Options.option") return name + " 'small','medium','large'";
    return name;
}

struct Result {
    double nsPerValue;
    std::uint64_t bytes;
};

}  // namespace

int main() {
    std::vector<std::string> expressions;
    std::vector<Faker::Call> calls;
    for (const auto& name : Faker::names()) {
        std::string error;
        auto call = Faker::parse(withArguments(name), error);
        if (!call) {
            std::fprintf(stderr, "%s: %s\n", name.c_str(), error.c_str());
            return 1;
        }
        expressions.push_back(withArguments(name));
        calls.push_back(*call);
    }
    const int rounds = 2000;
    const double values = static_cast<double>(rounds) * static_cast<double>(calls.size());

    Rng rng(1);
    std::string out;
    out.reserve(4096);
    Result compiled{};
    {
        ThreadCpuTimer timer;
        for (int r = 0; r < rounds; ++r) {
            for (const auto& call : calls) {
                out.clear();
                Faker::generate(call, rng, kNow, out);
                compiled.bytes += out.size();
            }
        }
        compiled.nsPerValue = timer.seconds() * 1e9 / values;
    }
    Result reparsed{};
    {
        ThreadCpuTimer timer;
        for (int r = 0; r < rounds; ++r) {
            for (const auto& e : expressions) {
                std::string error;
                auto call = Faker::parse(e, error);
                out.clear();
                Faker::generate(*call, rng, kNow, out);
                reparsed.bytes += out.size();
            }
        }
        reparsed.nsPerValue = timer.seconds() * 1e9 / values;
    }
    std::printf("Faker values, %zu expressions x %d rounds, one thread\n", calls.size(), rounds);
    std::printf("                                  ns per value (CPU)   values per CPU-second\n");
    std::printf("  compiled once (riverdelta)    : %12.1f   %20.0f\n", compiled.nsPerValue,
                1e9 / compiled.nsPerValue);
    std::printf("  parsed per value (baseline)   : %12.1f   %20.0f\n", reparsed.nsPerValue,
                1e9 / reparsed.nsPerValue);
    std::printf("  speed-up                      : %11.1fx\n",
                reparsed.nsPerValue / compiled.nsPerValue);
    std::printf("  (bytes %llu %llu)\n", static_cast<unsigned long long>(compiled.bytes),
                static_cast<unsigned long long>(reparsed.bytes));
    return 0;
}
