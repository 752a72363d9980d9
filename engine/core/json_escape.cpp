#include "engine/core/json_escape.h"

namespace riverdelta::core {

namespace {

// true where a byte needs escaping inside a JSON string.
constexpr auto makeEscapeTable() {
    struct Table {
        bool v[256]{};
    } t{};
    for (int c = 0; c < 0x20; ++c)
        t.v[c] = true;
    t.v[static_cast<unsigned char>('"')] = true;
    t.v[static_cast<unsigned char>('\\')] = true;
    return t;
}
constexpr auto kEscape = makeEscapeTable();

}  // namespace

void appendJsonEscaped(std::string& out, std::string_view text) {
    std::size_t runStart = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (!kEscape.v[c]) continue;
        out.append(text.data() + runStart, i - runStart);
        runStart = i + 1;
        switch (c) {
            case '"':
                out.append("\\\"");
                break;
            case '\\':
                out.append("\\\\");
                break;
            case '\n':
                out.append("\\n");
                break;
            case '\r':
                out.append("\\r");
                break;
            case '\t':
                out.append("\\t");
                break;
            case '\b':
                out.append("\\b");
                break;
            case '\f':
                out.append("\\f");
                break;
            default: {
                static constexpr char kHex[] = "0123456789abcdef";
                const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
                out.append(escape, sizeof escape);
            }
        }
    }
    out.append(text.data() + runStart, text.size() - runStart);
}

}  // namespace riverdelta::core
