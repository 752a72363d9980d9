#include "engine/lake/sync/schema_keeper.h"

#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "engine/lake/sync/table_layout.h"

namespace riverdelta::lake::sync {

SchemaKeeper::SchemaKeeper(delta::TableWriter& table, registry::RegistryConfig registry,
                           Hooks hooks)
    : table_(table), registryConfig_(std::move(registry)), hooks_(std::move(hooks)) {}

void SchemaKeeper::prepare(std::vector<delta::StructField> sourceFields) {
    if (!sourceFields.empty()) table_.ensureSchema(withMetadataColumns(std::move(sourceFields)));
    rebuildDecoder();
}

void SchemaKeeper::ensureTable() {
    if (table_.exists()) return;
    table_.ensureSchema(withMetadataColumns({}));
    rebuildDecoder();
}

delta::TableSchema SchemaKeeper::currentSchema() const {
    return table_.exists() ? table_.schema() : withMetadataColumns({});
}

void SchemaKeeper::rebuildDecoder() {
    decoder_ = std::make_unique<RecordDecoder>(currentSchema());
    for (const auto& [id, schema] : writerSchemas_)
        decoder_->addWriterSchema(id, schema.avro);
}

std::string SchemaKeeper::adoptWriterSchema(std::int32_t id) {
    if (writerSchemas_.count(id)) {
        decoder_->addWriterSchema(id, writerSchemas_.at(id).avro);
        return {};
    }
    if (registryConfig_.url.empty())
        return fmt::format("Avro record, schema id {}, but no schema registry configured", id);
    auto text = fetchWriterSchema(id);
    if (!text)
        return fmt::format("Avro record, schema id {}: the schema registry {} has no such id", id,
                           registryConfig_.url);
    WriterSchema ws;
    try {
        ws.json = nlohmann::json::parse(*text);
        ws.avro = std::make_shared<const avro::Schema>(avro::Schema::fromJson(ws.json));
    } catch (const std::exception& e) {
        return fmt::format("Avro record, schema id {}: not a usable Avro schema: {}", id, e.what());
    }
    std::vector<delta::StructField> fields;
    try {
        fields = fieldsFromAvro(ws.json);
    } catch (const SchemaConflictError& e) {
        throw SchemaConflictError(fmt::format("Avro schema id {}: {}", id, e.what()));
    }
    const auto source = withMetadataColumns(fields);
    try {
        if (!table_.exists() || delta::mergeSchema(table_.schema(), source).changed) {
            hooks_.commitBatch();  // the open data file has the old columns
            table_.ensureSchema(source);
        }
    } catch (const delta::SchemaIncompatibleError& e) {
        throw SchemaConflictError(
            fmt::format("Avro schema id {} does not fit the table: {}", id, e.what()));
    }
    writerSchemas_.emplace(id, std::move(ws));
    rebuildDecoder();
    return {};
}

std::optional<std::string> SchemaKeeper::fetchWriterSchema(std::int32_t id) {
    if (!registry_) registry_ = std::make_unique<registry::SchemaRegistryClient>(registryConfig_);
    for (int attempt = 1;; ++attempt) {
        try {
            return registry_->schemaById(id);
        } catch (const registry::RegistryError& e) {
            using Kind = registry::RegistryError::Kind;
            if (e.kind() == Kind::NotFound) return std::nullopt;
            const bool transient = e.kind() == Kind::Unreachable || e.kind() == Kind::Server;
            if (!transient || attempt >= 30) throw;
            hooks_.waiting(e.what());
            hooks_.sleepFor(std::chrono::seconds(1));
        }
    }
}

void SchemaKeeper::evolve(const std::vector<delta::StructField>& added) {
    hooks_.commitBatch();  // the open data file has the old schema
    std::vector<delta::StructField> source;
    const delta::TableSchema current = currentSchema();
    for (const auto& f : current.fields())
        if (!f.name.starts_with(kReservedPrefix)) source.push_back(f);
    for (const auto& f : added)
        source.push_back(f);
    table_.ensureSchema(withMetadataColumns(std::move(source)));
    rebuildDecoder();
}

}  // namespace riverdelta::lake::sync
