#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace riverdelta::run {

// What one repeatable run did, as recorded on this machine.
struct RunLedgerEntry {
    // Bumped by `run --fresh`: PostgreSQL progress rows are per generation, so a fresh run
    // starts every sink from the first event while a plain repeat continues the latest one.
    int generation = 0;
    bool completed = false;  // every stage asked for finished and every sink acknowledged all
    std::string finishedAt;  // UTC, ISO 8601, when completed
};

// The runs made from this data directory, keyed by what makes a run the same run: scenario,
// seed, stages and where it wrote (see key()). A JSON object in one file, rewritten atomically
// (temporary file + rename) so a crash leaves the old or the new content, never a mix.
class RunLedger {
  public:
    explicit RunLedger(std::filesystem::path file) : file_(std::move(file)) {}

    // "scenario · seed 7 · stages 1-2 · kafka … · postgres …"; secrets never appear in it
    // (a conninfo's password and a URI's user:password are dropped).
    static std::string key(const std::string& scenario, std::uint64_t seed,
                           const std::string& stages, const std::string& kafka,
                           const std::string& postgres);

    // Throws Error naming the file when it exists but cannot be read as a ledger.
    [[nodiscard]] std::optional<RunLedgerEntry> find(const std::string& key) const;
    void put(const std::string& key, const RunLedgerEntry& entry);

  private:
    std::filesystem::path file_;
};

}  // namespace riverdelta::run
