#include "engine/generate/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace riverdelta::generate {

namespace {
// 1 where a byte needs escaping inside a JSON string.
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

void JsonWriter::string(std::string_view s) {
    out_.push_back('"');
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (!kEscape.v[c]) continue;
        out_.append(s.data() + start, i - start);
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
                char buf[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
                out_.append(buf, 6);
            }
        }
        start = i + 1;
    }
    out_.append(s.data() + start, s.size() - start);
    out_.push_back('"');
}

void JsonWriter::integer(std::int64_t i) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, i);
    out_.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

void JsonWriter::number(double d) {
    if (!std::isfinite(d)) {
        out_.append("null");
        return;
    }
    char buf[40];
    auto r = std::to_chars(buf, buf + sizeof buf, d);
    std::size_t n = static_cast<std::size_t>(r.ptr - buf);
    out_.append(buf, n);
    if (std::memchr(buf, '.', n) == nullptr && std::memchr(buf, 'e', n) == nullptr) {
        out_.append(".0");
    }
}

void JsonWriter::value(const Value& v) {
    switch (v.kind) {
        case ValueKind::Null:
            out_.append("null");
            return;
        case ValueKind::Bool:
            out_.append(v.boolean ? "true" : "false");
            return;
        case ValueKind::Int:
            integer(v.integer);
            return;
        case ValueKind::Double:
            number(v.number);
            return;
        case ValueKind::String:
            string(v.string());
            return;
        case ValueKind::Array: {
            out_.push_back('[');
            for (std::uint32_t i = 0; i < v.size; ++i) {
                if (i) out_.push_back(',');
                value(v.items[i]);
            }
            out_.push_back(']');
            return;
        }
        case ValueKind::Object: {
            out_.push_back('{');
            for (std::uint32_t i = 0; i < v.size; ++i) {
                if (i) out_.push_back(',');
                string(v.members[i].key);
                out_.push_back(':');
                value(v.members[i].value);
            }
            out_.push_back('}');
            return;
        }
    }
}

std::string toJson(const Value& v) {
    std::string out;
    JsonWriter(out).value(v);
    return out;
}

}  // namespace riverdelta::generate
