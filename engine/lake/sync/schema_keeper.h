#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/avro/avro_schema.h"
#include "engine/lake/delta/table_writer.h"
#include "engine/lake/sync/record_decoder.h"
#include "engine/registry/registry_config.h"
#include "engine/registry/schema_registry.h"

namespace riverdelta::lake::sync {

// A sync job's table schema as the records evolve it, and the RecordDecoder for it: JSON
// members the table lacks and Avro writer schemas (from the registry, cached by id) become new
// nullable columns (a new metaData). Before the table's schema changes, the job commits what it
// buffered (Hooks::commitBatch): the open data file has the old columns.
//
// decoder() is rebuilt whenever the schema changes: do not keep a reference across calls.
class SchemaKeeper {
  public:
    struct Hooks {
        std::function<void()> commitBatch;  // before the table's schema changes
        std::function<void(std::chrono::milliseconds)> sleepFor;  // throws when stopped
        std::function<void(const std::string&)> waiting;          // why it waits (registry retries)
    };
    SchemaKeeper(delta::TableWriter& table, registry::RegistryConfig registry, Hooks hooks);

    [[nodiscard]] RecordDecoder& decoder() { return *decoder_; }

    // A table from the source fields, or (none known yet, no table) a decoder for the metadata
    // columns alone: the table is created on the first commit, see ensureTable().
    void prepare(std::vector<delta::StructField> sourceFields);
    // Creates the table with the metadata columns alone when it does not exist yet.
    void ensureTable();
    // The writer schema of an Avro record: from the cache, else from the registry. The table
    // takes its new fields as nullable columns; a schema the table cannot take fails the job
    // (SchemaConflictError), leaving the table as it is. Returns why the record is undecodable
    // instead (no registry, unknown id, not Avro), or empty when the decoder now knows the id.
    std::string adoptWriterSchema(std::int32_t id);
    // The JSON members `added` become nullable columns.
    void evolve(const std::vector<delta::StructField>& added);

  private:
    // The check follows nlohmann::json's own noexcept destructor into its internals; this
    // struct adds nothing that throws.
    // NOLINTNEXTLINE(bugprone-exception-escape)
    struct WriterSchema {
        nlohmann::json json;
        std::shared_ptr<const avro::Schema> avro;
    };
    [[nodiscard]] delta::TableSchema currentSchema() const;
    void rebuildDecoder();
    std::optional<std::string> fetchWriterSchema(std::int32_t id);

    delta::TableWriter& table_;
    registry::RegistryConfig registryConfig_;
    Hooks hooks_;
    std::unique_ptr<RecordDecoder> decoder_;
    std::map<std::int32_t, WriterSchema> writerSchemas_;  // Avro writer schemas by registry id
    std::unique_ptr<registry::SchemaRegistryClient> registry_;
};

}  // namespace riverdelta::lake::sync
