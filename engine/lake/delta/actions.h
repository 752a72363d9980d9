#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace riverdelta::lake::delta {

// Delta log actions (delta-io/delta PROTOCOL.md "Actions"), the subset Riverdelta writes and
// reads. Unknown actions in a log are skipped on read.

struct Protocol {
    std::int32_t minReaderVersion = 1;
    std::int32_t minWriterVersion = 2;
    std::optional<std::vector<std::string>> readerFeatures;  // reader version 3
    std::optional<std::vector<std::string>> writerFeatures;  // writer version 7
    bool operator==(const Protocol&) const = default;
};

struct Metadata {
    std::string id;  // GUID, fixed for the table's life
    std::optional<std::string> name;
    std::optional<std::string> description;
    std::string formatProvider = "parquet";
    std::map<std::string, std::string> formatOptions;
    std::string schemaString;
    std::vector<std::string> partitionColumns;
    std::map<std::string, std::string> configuration;
    std::optional<std::int64_t> createdTime;  // epoch ms
};

struct AddFile {
    std::string path;  // relative to the table root, URI-encoded
    std::map<std::string, std::optional<std::string>> partitionValues;
    std::int64_t size = 0;
    std::int64_t modificationTime = 0;  // epoch ms
    bool dataChange = true;
    std::optional<std::string> stats;  // JSON: numRecords, minValues, maxValues, nullCount
    std::map<std::string, std::string> tags;
};

struct RemoveFile {
    std::string path;
    std::optional<std::int64_t> deletionTimestamp;
    bool dataChange = true;
    std::optional<bool> extendedFileMetadata;
    std::map<std::string, std::optional<std::string>> partitionValues;
    std::optional<std::int64_t> size;
};

// Application transaction: the latest version per appId wins in replay.
struct Txn {
    Txn() = default;
    Txn(std::string app, std::int64_t ver, std::optional<std::int64_t> updated = std::nullopt)
        : appId(std::move(app)), version(ver), lastUpdated(updated) {}

    std::string appId;
    std::int64_t version = 0;
    std::optional<std::int64_t> lastUpdated;  // epoch ms
};

struct CommitInfo {
    nlohmann::json info = nlohmann::json::object();  // free-form provenance
};

using Action = std::variant<Protocol, Metadata, AddFile, RemoveFile, Txn, CommitInfo>;

// One action as its single-key JSON object ({"add": {...}}).
nlohmann::json toJson(const Action& action);
// nullopt for action types Riverdelta ignores (cdc, domainMetadata, checkpointMetadata, ...).
// Throws std::invalid_argument for a malformed known action.
std::optional<Action> actionFromJson(const nlohmann::json& line);

// A commit file: newline-delimited JSON, one action per line.
std::string serializeCommit(std::span<const Action> actions);
std::vector<Action> parseCommit(std::string_view text);

// Helpers for protocol / table features.
Protocol protocolFor(bool timestampNtz);
bool protocolSupports(const Protocol& p, std::string_view feature);

}  // namespace riverdelta::lake::delta
