#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/lake/parquet/types.h"

namespace riverdelta::lake::parquet {

// One node of a Parquet schema: a primitive leaf or a group. Build trees with the factory
// functions; list() and map() produce the standard three-level layouts of LogicalTypes.md:
//
//   <rep> group <name> (LIST) { repeated group list { <element rep> <type> element; } }
//   <rep> group <name> (MAP)  { repeated group key_value { required <key>; <rep> <value>; } }
class SchemaNode {
  public:
    static SchemaNode primitive(std::string name, Repetition repetition, PhysicalType type,
                                LogicalType logical = {});
    static SchemaNode group(std::string name, Repetition repetition,
                            std::vector<SchemaNode> children, LogicalType logical = {});
    // `element` is renamed to "element".
    static SchemaNode list(std::string name, Repetition repetition, SchemaNode element);
    // `key` is renamed to "key" and made REQUIRED, `value` renamed to "value".
    static SchemaNode map(std::string name, Repetition repetition, SchemaNode key,
                          SchemaNode value);

    // Convenience leaves.
    static SchemaNode string(std::string name, Repetition r = Repetition::Optional) {
        return primitive(std::move(name), r, PhysicalType::ByteArray, LogicalType::string());
    }
    static SchemaNode int64(std::string name, Repetition r = Repetition::Optional) {
        return primitive(std::move(name), r, PhysicalType::Int64);
    }
    static SchemaNode int32(std::string name, Repetition r = Repetition::Optional) {
        return primitive(std::move(name), r, PhysicalType::Int32);
    }
    static SchemaNode boolean(std::string name, Repetition r = Repetition::Optional) {
        return primitive(std::move(name), r, PhysicalType::Boolean);
    }

    [[nodiscard]] const std::string& name() const { return name_; }
    [[nodiscard]] Repetition repetition() const { return repetition_; }
    [[nodiscard]] bool isLeaf() const { return leaf_; }
    [[nodiscard]] PhysicalType physicalType() const { return type_; }
    [[nodiscard]] const LogicalType& logicalType() const { return logical_; }
    [[nodiscard]] const std::vector<SchemaNode>& children() const { return children_; }

    // Filled in by Schema: the definition / repetition level a value at this node has when the
    // node is present, and the range of leaf columns below it.
    [[nodiscard]] std::int16_t definitionLevel() const { return definitionLevel_; }
    [[nodiscard]] std::int16_t repetitionLevel() const { return repetitionLevel_; }
    [[nodiscard]] std::size_t firstLeaf() const { return firstLeaf_; }
    [[nodiscard]] std::size_t leafCount() const { return leafCount_; }

  private:
    friend class Schema;
    std::string name_;
    Repetition repetition_ = Repetition::Required;
    bool leaf_ = false;
    PhysicalType type_ = PhysicalType::Int32;
    LogicalType logical_;
    std::vector<SchemaNode> children_;
    std::int16_t definitionLevel_ = 0;
    std::int16_t repetitionLevel_ = 0;
    std::size_t firstLeaf_ = 0;
    std::size_t leafCount_ = 0;
};

// A leaf column as the writer sees it.
struct ColumnDescriptor {
    std::vector<std::string> path;  // names from the top-level field down to the leaf
    PhysicalType type = PhysicalType::Int32;
    LogicalType logical;
    std::int16_t maxDefinitionLevel = 0;
    std::int16_t maxRepetitionLevel = 0;
    const SchemaNode* node = nullptr;

    [[nodiscard]] std::string dottedPath() const;
};

// A message schema: the top-level fields plus the flattened leaf columns in schema order.
class Schema {
  public:
    explicit Schema(std::vector<SchemaNode> fields);
    Schema(const Schema& other);
    Schema& operator=(const Schema& other);
    Schema(Schema&&) noexcept = default;
    Schema& operator=(Schema&&) noexcept = default;
    ~Schema() = default;

    [[nodiscard]] const std::vector<SchemaNode>& fields() const { return fields_; }
    [[nodiscard]] const std::vector<ColumnDescriptor>& columns() const { return columns_; }
    // Index of the top-level field with this name, or -1.
    [[nodiscard]] int fieldIndex(std::string_view name) const;

  private:
    void annotate();
    void annotateNode(SchemaNode& node, std::int16_t def, std::int16_t rep,
                      std::vector<std::string>& path);

    std::vector<SchemaNode> fields_;
    std::vector<ColumnDescriptor> columns_;
};

}  // namespace riverdelta::lake::parquet
