#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/lake/delta/table_schema.h"
#include "engine/lake/storage/object_store.h"

namespace riverdelta::lake::sync {

// One commit of a table as its history lists it.
struct CommitSummary {
    std::int64_t version = 0;
    std::optional<std::int64_t> timestampMs;  // commitInfo.timestamp
    std::string operation;                    // "WRITE", "OPTIMIZE", "CREATE TABLE", ...
    std::int64_t rowsAdded = 0;               // numRecords of the files it added with dataChange
    std::int64_t filesAdded = 0;              // every add, also compaction's
    std::int64_t filesRemoved = 0;            // every remove
};

// What a table page shows of a Delta table, read from the table itself.
struct TableDetails {
    std::int64_t version = -1;  // -1: no table yet
    std::int64_t files = 0;
    std::int64_t bytes = 0;
    std::int64_t rows = 0;
    delta::TableSchema schema;
    std::vector<CommitSummary> history;  // newest first
    bool olderCommitsRemoved = false;    // log cleanup removed the commits before the oldest shown
    // The newest rows (by _kafka_timestamp, then partition and offset, when the table has them;
    // else of the newest files), newest first, as parquet::FileReader gives them: strings,
    // numbers, timestamps as epoch microseconds, null.
    std::vector<nlohmann::json> preview;
};

struct TableDetailsOptions {
    std::size_t historyLimit = 20;
    std::size_t previewRows = 20;
};

// Reads the table at `tablePath` of `store` ("" when the store is rooted at the table): the
// snapshot (files, bytes, rows, schema), the newest commits, and the newest rows through our
// Parquet reader (only the tail of the newest row groups: a commit of a million rows must not
// become a million JSON rows). Throws on an unreadable log or data file.
TableDetails readTableDetails(storage::ObjectStore& store, const std::string& tablePath,
                              const TableDetailsOptions& options = {});

}  // namespace riverdelta::lake::sync
