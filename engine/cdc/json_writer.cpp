#include "engine/cdc/json_writer.h"

#include "engine/core/json_escape.h"

namespace riverdelta::cdc {

void JsonWriter::number(double value) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out_.append(buffer, end);
}

void JsonWriter::escaped(std::string_view text) {
    core::appendJsonEscaped(out_, text);
}

std::string JsonWriter::memberPrefix(std::string_view name) {
    std::string out;
    JsonWriter w(out);
    w.string(name);
    w.raw(':');
    return out;
}

}  // namespace riverdelta::cdc
