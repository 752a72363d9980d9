#include "engine/run/run_ledger.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "engine/core/error.h"

namespace riverdelta::run {

namespace {

std::string withoutSecrets(std::string text) {
    static const std::regex password(R"(password\s*=\s*('([^'\\]|\\.)*'|\S+))");
    static const std::regex userInfo(R"(://([^:/@]+):[^@/]*@)");
    text = std::regex_replace(text, password, "password=***");
    return std::regex_replace(text, userInfo, "://$1@");
}

nlohmann::json readAll(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) return nlohmann::json::object();
    try {
        auto j = nlohmann::json::parse(in);
        if (!j.is_object()) throw riverdelta::Error(file.string() + ": expected a JSON object");
        return j;
    } catch (const nlohmann::json::exception& e) {
        throw riverdelta::Error(file.string() + ": not a run ledger (" + e.what() +
                                "); move it away to start a new one");
    }
}

}  // namespace

std::string RunLedger::key(const std::string& scenario, std::uint64_t seed,
                           const std::string& stages, const std::string& kafka,
                           const std::string& postgres) {
    return withoutSecrets(scenario + " · seed " + std::to_string(seed) + " · stages " + stages +
                          " · kafka " + (kafka.empty() ? "-" : kafka) + " · postgres " +
                          (postgres.empty() ? "-" : postgres));
}

std::optional<RunLedgerEntry> RunLedger::find(const std::string& key) const {
    const auto all = readAll(file_);
    const auto it = all.find(key);
    if (it == all.end() || !it->is_object()) return std::nullopt;
    RunLedgerEntry e;
    e.generation = it->value("generation", 0);
    e.completed = it->value("completed", false);
    e.finishedAt = it->value("finishedAt", "");
    return e;
}

void RunLedger::put(const std::string& key, const RunLedgerEntry& entry) {
    auto all = readAll(file_);
    all[key] = {{"generation", entry.generation},
                {"completed", entry.completed},
                {"finishedAt", entry.finishedAt}};
    std::filesystem::create_directories(file_.parent_path());
    const auto temporary = file_.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << all.dump(2) << '\n';
        if (!out.flush()) throw riverdelta::Error(temporary + ": cannot write the run ledger");
    }
    std::filesystem::rename(temporary, file_);
}

}  // namespace riverdelta::run
