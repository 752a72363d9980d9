#include "engine/lake/parquet/schema.h"

#include <stdexcept>

namespace riverdelta::lake::parquet {

SchemaNode SchemaNode::primitive(std::string name, Repetition repetition, PhysicalType type,
                                 LogicalType logical) {
    SchemaNode n;
    n.name_ = std::move(name);
    n.repetition_ = repetition;
    n.leaf_ = true;
    n.type_ = type;
    n.logical_ = logical;
    return n;
}

SchemaNode SchemaNode::group(std::string name, Repetition repetition,
                             std::vector<SchemaNode> children, LogicalType logical) {
    if (children.empty()) throw std::invalid_argument("Parquet group without children: " + name);
    SchemaNode n;
    n.name_ = std::move(name);
    n.repetition_ = repetition;
    n.logical_ = logical;
    n.children_ = std::move(children);
    return n;
}

SchemaNode SchemaNode::list(std::string name, Repetition repetition, SchemaNode element) {
    element.name_ = "element";
    std::vector<SchemaNode> inner;
    inner.push_back(std::move(element));
    std::vector<SchemaNode> outer;
    outer.push_back(group("list", Repetition::Repeated, std::move(inner)));
    return group(std::move(name), repetition, std::move(outer), LogicalType::list());
}

SchemaNode SchemaNode::map(std::string name, Repetition repetition, SchemaNode key,
                           SchemaNode value) {
    key.name_ = "key";
    key.repetition_ = Repetition::Required;
    value.name_ = "value";
    std::vector<SchemaNode> kv;
    kv.push_back(std::move(key));
    kv.push_back(std::move(value));
    std::vector<SchemaNode> outer;
    outer.push_back(group("key_value", Repetition::Repeated, std::move(kv)));
    return group(std::move(name), repetition, std::move(outer), LogicalType::map());
}

std::string ColumnDescriptor::dottedPath() const {
    std::string s;
    for (const auto& p : path) {
        if (!s.empty()) s.push_back('.');
        s += p;
    }
    return s;
}

Schema::Schema(std::vector<SchemaNode> fields) : fields_(std::move(fields)) {
    if (fields_.empty()) throw std::invalid_argument("Parquet schema without fields");
    annotate();
}

Schema::Schema(const Schema& other) : fields_(other.fields_) {
    annotate();
}

Schema& Schema::operator=(const Schema& other) {
    if (this != &other) {
        fields_ = other.fields_;
        annotate();
    }
    return *this;
}

int Schema::fieldIndex(std::string_view name) const {
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        if (fields_[i].name() == name) return static_cast<int>(i);
    }
    return -1;
}

void Schema::annotate() {
    columns_.clear();
    std::vector<std::string> path;
    for (auto& f : fields_)
        annotateNode(f, 0, 0, path);
    // Pointers into fields_ are stable from here on (fields_ is not modified afterwards).
}

void Schema::annotateNode(SchemaNode& node, std::int16_t def, std::int16_t rep,
                          std::vector<std::string>& path) {
    if (node.repetition_ != Repetition::Required) ++def;
    if (node.repetition_ == Repetition::Repeated) ++rep;
    node.definitionLevel_ = def;
    node.repetitionLevel_ = rep;
    node.firstLeaf_ = columns_.size();
    path.push_back(node.name_);
    if (node.leaf_) {
        ColumnDescriptor c;
        c.path = path;
        c.type = node.type_;
        c.logical = node.logical_;
        c.maxDefinitionLevel = def;
        c.maxRepetitionLevel = rep;
        c.node = &node;
        columns_.push_back(std::move(c));
    } else {
        for (auto& child : node.children_)
            annotateNode(child, def, rep, path);
    }
    path.pop_back();
    node.leafCount_ = columns_.size() - node.firstLeaf_;
}

}  // namespace riverdelta::lake::parquet
