#include "engine/generate/value_json_writer.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "engine/core/json_escape.h"

namespace riverdelta::generate {

void ValueJsonWriter::string(std::string_view s) {
    core::appendJsonString(out_, s);
}

void ValueJsonWriter::integer(std::int64_t i) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, i);
    out_.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

void ValueJsonWriter::number(double d) {
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

void ValueJsonWriter::value(const Value& v) {
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
    ValueJsonWriter(out).value(v);
    return out;
}

}  // namespace riverdelta::generate
