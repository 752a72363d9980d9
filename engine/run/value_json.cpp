#include "engine/run/value_json.h"

namespace riverdelta::run {

nlohmann::json toJson(const generate::Value& v) {
    switch (v.kind) {
        case generate::ValueKind::Null:
            return nullptr;
        case generate::ValueKind::Bool:
            return v.boolean;
        case generate::ValueKind::Int:
            return v.integer;
        case generate::ValueKind::Double:
            return v.number;
        case generate::ValueKind::String:
            return std::string(v.string());
        case generate::ValueKind::Array: {
            auto a = nlohmann::json::array();
            for (const auto& item : v.array())
                a.push_back(toJson(item));
            return a;
        }
        case generate::ValueKind::Object: {
            auto o = nlohmann::json::object();
            for (const auto& m : v.object())
                o[std::string(m.key)] = toJson(m.value);
            return o;
        }
    }
    return nullptr;
}

}  // namespace riverdelta::run
