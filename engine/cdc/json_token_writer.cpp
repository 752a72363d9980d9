#include "engine/cdc/json_token_writer.h"

#include "engine/core/json_escape.h"

namespace riverdelta::cdc {

void JsonTokenWriter::number(double value) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out_.append(buffer, end);
}

void JsonTokenWriter::escaped(std::string_view text) {
    core::appendJsonEscaped(out_, text);
}

std::string JsonTokenWriter::memberPrefix(std::string_view name) {
    std::string out;
    JsonTokenWriter w(out);
    w.string(name);
    w.raw(':');
    return out;
}

}  // namespace riverdelta::cdc
