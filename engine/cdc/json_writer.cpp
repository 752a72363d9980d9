#include "engine/cdc/json_writer.h"

namespace riverdelta::cdc {

namespace {

constexpr bool needsEscape(unsigned char c) {
    return c < 0x20 || c == '"' || c == '\\';
}

}  // namespace

void JsonWriter::number(double value) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out_.append(buffer, end);
}

void JsonWriter::escaped(std::string_view text) {
    std::size_t runStart = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (!needsEscape(c)) continue;
        out_.append(text.data() + runStart, i - runStart);
        runStart = i + 1;
        switch (c) {
            case '"':
                out_.append("\\\"");
                break;
            case '\\':
                out_.append("\\\\");
                break;
            case '\n':
                out_.append("\\n");
                break;
            case '\r':
                out_.append("\\r");
                break;
            case '\t':
                out_.append("\\t");
                break;
            case '\b':
                out_.append("\\b");
                break;
            case '\f':
                out_.append("\\f");
                break;
            default: {
                static constexpr char kHex[] = "0123456789abcdef";
                const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
                out_.append(escape, sizeof escape);
            }
        }
    }
    out_.append(text.data() + runStart, text.size() - runStart);
}

std::string JsonWriter::memberPrefix(std::string_view name) {
    std::string out;
    JsonWriter w(out);
    w.string(name);
    w.raw(':');
    return out;
}

}  // namespace riverdelta::cdc
