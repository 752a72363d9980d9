#include "engine/generate/functions/compile_helpers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

using scenario::appendPointer;
using scenario::didYouMean;

std::string typeName(const Json& j) {
    if (j.is_null()) return "null";
    if (j.is_boolean()) return "a boolean";
    if (j.is_number()) return "a number";
    if (j.is_string()) return "a string";
    if (j.is_array()) return "an array";
    if (j.is_object()) return j.contains("_gen") ? "a function" : "an object";
    return "a value";
}

bool isFunction(const Json& j) {
    return j.is_object() && j.contains("_gen");
}

std::string quoteList(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += i + 1 == items.size() ? " or " : ", ";
        out += '"' + items[i] + '"';
    }
    return out;
}

void checkKeys(CompileContext& ctx, const Json& obj, const std::string& pointer,
               const std::string& what, const std::vector<std::string>& allowed) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (std::find(allowed.begin(), allowed.end(), it.key()) != allowed.end()) continue;
        ctx.error(appendPointer(pointer, it.key()),
                  fmt::format("unknown key \"{}\" in {}{}; expected {}", it.key(), what,
                              didYouMean(it.key(), allowed), quoteList(allowed)));
    }
}

std::optional<std::int64_t> integerLiteral(CompileContext& ctx, const Json& j,
                                           const std::string& pointer, const std::string& what) {
    if (j.is_number_integer()) return j.get<std::int64_t>();
    if (j.is_number_float()) {
        const double d = j.get<double>();
        if (std::floor(d) == d && std::fabs(d) < 9.0e18) return static_cast<std::int64_t>(d);
    }
    ctx.error(pointer, fmt::format("{} must be an integer, not {}", what, typeName(j)));
    return std::nullopt;
}

const Node* numberParam(CompileContext& ctx, const Json& j, const std::string& pointer,
                        const std::string& fn, const std::string& param, int depth) {
    if (j.is_number()) return ctx.constantNode(ctx.literal(j));
    if (isFunction(j)) return ctx.compile(j, pointer, depth + 1);
    ctx.error(pointer, fmt::format("parameter \"{}\" of \"{}\" must be a number or a function, not "
                                   "{}",
                                   param, fn, typeName(j)));
    return ctx.nullNode();
}

std::optional<Path> readPath(CompileContext& ctx, const Json& j, const std::string& pointer) {
    if (!j.is_array()) {
        ctx.error(pointer,
                  "\"path\" must be an array of keys and indexes, like [\"value\", \"id\"]");
        return std::nullopt;
    }
    Path path;
    for (std::size_t i = 0; i < j.size(); ++i) {
        const Json& s = j[i];
        if (s.is_string()) {
            path.push_back({ctx.keep(s.get<std::string>()), 0, false});
        } else if (s.is_number_unsigned() ||
                   (s.is_number_integer() && s.get<std::int64_t>() >= 0)) {
            path.push_back({{},
                            static_cast<std::uint32_t>(
                                std::min<std::uint64_t>(s.get<std::uint64_t>(), UINT32_MAX)),
                            true});
        } else {
            ctx.error(appendPointer(pointer, i),
                      "a path step must be a key (string) or an index "
                      "(non-negative integer), not " +
                          typeName(s));
            return std::nullopt;
        }
    }
    return path;
}

std::optional<HistogramSpec> readHistogram(CompileContext& ctx, const Json& j,
                                           const std::string& pointer, bool checkOwnKeys) {
    if (!isFunction(j) || !j["_gen"].is_string() || j["_gen"].get<std::string>() != "histogram") {
        ctx.error(pointer,
                  "\"histogram\" must be a {\"_gen\": \"histogram\", \"bins\": [...]} "
                  "function");
        return std::nullopt;
    }
    if (checkOwnKeys) checkKeys(ctx, j, pointer, "function \"histogram\"", {"_gen", "bins"});
    auto binsIt = j.find("bins");
    if (binsIt == j.end()) {
        ctx.error(pointer,
                  "function \"histogram\" needs parameter \"bins\" (a list of {\"bin\": "
                  "share, \"frequency\": weight})");
        return std::nullopt;
    }
    const Json& bins = *binsIt;
    const std::string bptr = appendPointer(pointer, "bins");
    if (!bins.is_array() || bins.empty()) {
        ctx.error(bptr, "\"bins\" must be a non-empty array");
        return std::nullopt;
    }
    HistogramSpec spec;
    double shareTotal = 0, freqTotal = 0;
    std::vector<double> shares, freqs;
    bool ok = true;
    for (std::size_t i = 0; i < bins.size(); ++i) {
        const Json& b = bins[i];
        const std::string iptr = appendPointer(bptr, i);
        if (!b.is_object()) {
            ctx.error(iptr, "a bin must be {\"bin\": share, \"frequency\": weight}");
            ok = false;
            continue;
        }
        checkKeys(ctx, b, iptr, "a histogram bin", {"bin", "frequency"});
        const Json* share = b.contains("bin") ? &b.at("bin") : nullptr;
        const Json* freq = b.contains("frequency") ? &b.at("frequency") : nullptr;
        if (share == nullptr || !share->is_number() || share->get<double>() <= 0 ||
            !std::isfinite(share->get<double>())) {
            ctx.error(iptr, "a bin needs \"bin\": a positive share of the population (e.g. 0.2)");
            ok = false;
            continue;
        }
        if (freq == nullptr || !freq->is_number() || freq->get<double>() < 0 ||
            !std::isfinite(freq->get<double>())) {
            ctx.error(iptr, "a bin needs \"frequency\": a non-negative weight");
            ok = false;
            continue;
        }
        shares.push_back(share->get<double>());
        freqs.push_back(freq->get<double>());
        shareTotal += shares.back();
        freqTotal += freqs.back();
    }
    if (!ok) return std::nullopt;
    if (!std::isfinite(shareTotal) || !std::isfinite(freqTotal)) {
        ctx.error(bptr, "the bins' shares and frequencies are too large");
        return std::nullopt;
    }
    if (freqTotal <= 0) {
        ctx.error(bptr, "the bins' frequencies must not all be zero");
        return std::nullopt;
    }
    // Shares are normalised so that they cover the whole population.
    double start = 0, acc = 0;
    for (std::size_t i = 0; i < shares.size(); ++i) {
        spec.binStart.push_back(start);
        spec.binWidth.push_back(shares[i] / shareTotal);
        start += shares[i] / shareTotal;
        acc += freqs[i];
        spec.cumulative.push_back(acc / freqTotal);
    }
    // GCC 12 at -O3 cannot see that shares is non-empty here (-Wnull-dereference).
    if (!spec.cumulative.empty()) spec.cumulative.back() = 1.0;
    return spec;
}

}  // namespace riverdelta::generate
