#pragma once

#include <nlohmann/json.hpp>

#include "engine/lake/parquet/file_writer.h"

namespace riverdelta::lake::parquet {

// Dremel record shredding from JSON rows, for nested schemas (Delta checkpoints) and tests.
// A row is a JSON object keyed by top-level field name; structs are objects, LIST groups are
// arrays, MAP groups are objects (string keys), null or absent means null. Values go to the
// writer's columns with their definition and repetition levels; call FileWriter::endRows() as
// usual. Not the fast path: flat data should use the ColumnWriter append calls directly.
class JsonShredder {
  public:
    explicit JsonShredder(FileWriter& writer) : writer_(writer) {}

    // Throws std::invalid_argument when the row does not fit the schema (a missing required
    // value, an array where a struct belongs, ...).
    void append(const nlohmann::json& row);

  private:
    void shred(const SchemaNode& node, const nlohmann::json* value, std::int16_t parentDef,
               std::int16_t rep);
    void emitNulls(const SchemaNode& node, std::int16_t def, std::int16_t rep);
    void writeLeaf(const SchemaNode& node, const nlohmann::json& value, std::int16_t rep);

    FileWriter& writer_;
};

}  // namespace riverdelta::lake::parquet
