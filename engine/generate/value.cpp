#include "engine/generate/value.h"

#include <limits>

namespace riverdelta::generate {

const char* kindName(ValueKind kind) {
    switch (kind) {
        case ValueKind::Null:
            return "null";
        case ValueKind::Bool:
            return "boolean";
        case ValueKind::Int:
            return "integer";
        case ValueKind::Double:
            return "number";
        case ValueKind::String:
            return "string";
        case ValueKind::Array:
            return "array";
        case ValueKind::Object:
            return "object";
    }
    return "?";
}

double Value::asDouble() const {
    if (kind == ValueKind::Int) return static_cast<double>(integer);
    if (kind == ValueKind::Double) return number;
    return std::numeric_limits<double>::quiet_NaN();
}

const Value* Value::find(std::string_view key) const {
    for (const auto& m : object()) {
        if (m.key == key) return &m.value;
    }
    return nullptr;
}

bool equal(const Value& a, const Value& b) {
    if (a.isNumber() && b.isNumber()) {
        if (a.kind == ValueKind::Int && b.kind == ValueKind::Int) return a.integer == b.integer;
        return a.asDouble() == b.asDouble();
    }
    if (a.kind != b.kind) return false;
    switch (a.kind) {
        case ValueKind::Null:
            return true;
        case ValueKind::Bool:
            return a.boolean == b.boolean;
        case ValueKind::String:
            return a.string() == b.string();
        case ValueKind::Array: {
            if (a.size != b.size) return false;
            for (std::uint32_t i = 0; i < a.size; ++i) {
                if (!equal(a.items[i], b.items[i])) return false;
            }
            return true;
        }
        case ValueKind::Object: {
            if (a.size != b.size) return false;
            for (std::uint32_t i = 0; i < a.size; ++i) {
                if (a.members[i].key != b.members[i].key) return false;
                if (!equal(a.members[i].value, b.members[i].value)) return false;
            }
            return true;
        }
        default:
            return false;
    }
}

}  // namespace riverdelta::generate
