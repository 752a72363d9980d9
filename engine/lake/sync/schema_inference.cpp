#include "engine/lake/sync/schema_inference.h"

#include "engine/lake/sync/json_scanner.h"
#include "engine/lake/sync/table_layout.h"

namespace riverdelta::lake::sync {

std::optional<std::string> SchemaSample::add(std::string_view payload) {
    JsonScanner scanner;
    auto refuse = [&](std::string why) {
        ++refused_;
        return std::optional<std::string>(std::move(why));
    };
    if (!scanner.reset(payload)) return refuse("value is not a JSON object: " + scanner.error());
    JsonMember m;
    while (scanner.next(m))
        if (m.key.starts_with(kReservedPrefix))
            return refuse("field '" + std::string(m.key) + "' uses the reserved prefix '_kafka_'");
    if (!scanner.ok()) return refuse("value is not valid JSON: " + scanner.error());
    payloads_.emplace_back(payload);
    return std::nullopt;
}

std::vector<delta::StructField> SchemaSample::fields() const {
    if (payloads_.empty()) return {};
    std::vector<std::string_view> views(payloads_.begin(), payloads_.end());
    return inferFields(views);
}

}  // namespace riverdelta::lake::sync
