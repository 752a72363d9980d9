// Compiler: a generator's fork (its keys, maxForks, keepAlive, oneTimeKeys, stagger).
#include <fmt/format.h>

#include <set>

#include "engine/generate/scenario_compiler.h"

namespace riverdelta::generate {

using scenario::appendPointer;
using scenario::didYouMean;

void Compiler::compileFork(const Json& f, const std::string& ptr, std::size_t gi, Scope& genScope) {
    Program::Compiled& out = program_->compiled_[gi];
    if (!f.is_object() || isFunction(f)) {
        error(ptr, "\"fork\" must be an object with \"key\" (an array or a function)");
        return;
    }
    checkKeys(f, ptr, "fork",
              {"key", "maxForks", "keepAlive", "oneTimeKeys", "stagger", "staggerMs"});
    Program::Fork fork;
    fork.forkKeySlot = genScope.slots.at("forkKey");
    auto k = f.find("key");
    const std::string kptr = appendPointer(ptr, "key");
    // The key is evaluated by the spawner, outside any fork: no vars.
    Scope keyScope;
    keyScope.generator = gi;
    keyScope.lookupDeps = &fork.dependencies;
    if (k == f.end()) {
        error(ptr, "\"fork\" needs \"key\": an array of keys or a function giving them");
    } else if (k->is_array()) {
        if (k->empty()) error(kptr, "the fork \"key\" array must not be empty");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < k->size(); ++i) {
            const Json& e = (*k)[i];
            if (e.is_null()) {
                error(appendPointer(kptr, i), "a fork key cannot be null");
                continue;
            }
            if (isFunction(e)) {
                error(appendPointer(kptr, i),
                      "a fork key array holds literal keys; to compute keys, make \"key\" a "
                      "function");
                continue;
            }
            if (seen.insert(e.dump()).second) fork.keys.push_back(literal(e));
        }
    } else if (isFunction(*k)) {
        keyScope.inOrderLookup = &*k;
        fork.keyNode = compileValue(*k, kptr, keyScope, 0);
    } else if (k->is_null()) {
        error(kptr, "a fork key cannot be null");
    } else {
        error(kptr, "the fork \"key\" must be an array of keys or a function, not " + typeName(*k));
    }
    if (auto m = f.find("maxForks"); m != f.end()) {
        if (auto v = integerLiteral(*m, appendPointer(ptr, "maxForks"), "\"maxForks\"")) {
            if (*v < 1) {
                error(appendPointer(ptr, "maxForks"), "\"maxForks\" must be at least 1");
            } else {
                fork.maxForks = static_cast<std::uint64_t>(*v);
            }
        }
    }
    for (const char* b : {"keepAlive", "oneTimeKeys"}) {
        if (auto v = f.find(b); v != f.end()) {
            if (!v->is_boolean()) {
                error(appendPointer(ptr, b), fmt::format("\"{}\" must be true or false", b));
            } else {
                (std::string_view(b) == "keepAlive" ? fork.keepAlive : fork.oneTimeKeys) =
                    v->get<bool>();
            }
        }
    }
    if (fork.keepAlive && !fork.maxForks) {
        error(appendPointer(ptr, "keepAlive"),
              "\"keepAlive\" respawns forks up to \"maxForks\"; give \"maxForks\" too");
    }
    auto st = f.find("stagger");
    auto sms = f.find("staggerMs");
    if (st != f.end() && sms != f.end()) {
        error(ptr, "give either \"stagger\" or \"staggerMs\", not both");
    } else if (sms != f.end()) {
        fork.stagger = amount(*sms, appendPointer(ptr, "staggerMs"), "\"staggerMs\"", keyScope);
    } else if (st != f.end()) {
        const std::string sptr = appendPointer(ptr, "stagger");
        if (st->is_object() && !isFunction(*st)) {
            checkKeys(*st, sptr, "stagger", {"ms"});
            if (!st->contains("ms")) {
                error(sptr, "\"stagger\" must be a number of ms, a function, or {\"ms\": …}");
            } else {
                fork.stagger =
                    amount((*st)["ms"], appendPointer(sptr, "ms"), "\"stagger\"", keyScope);
            }
        } else {
            fork.stagger = amount(*st, sptr, "\"stagger\"", keyScope);
        }
    }
    out.fork = std::move(fork);
}

}  // namespace riverdelta::generate
