#include "engine/avro/avro_encoder.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace riverdelta::avro {

namespace {

// ---- text forms of logical types ----

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's algorithm).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

class Cursor {
  public:
    explicit Cursor(std::string_view s) : s_(s) {}
    bool done() const { return i_ >= s_.size(); }
    char peek() const { return done() ? '\0' : s_[i_]; }
    bool eat(char c) {
        if (peek() != c) return false;
        ++i_;
        return true;
    }
    // Exactly n digits.
    std::optional<int> digits(int n) {
        if (i_ + static_cast<std::size_t>(n) > s_.size()) return std::nullopt;
        int v = 0;
        for (int k = 0; k < n; ++k) {
            char c = s_[i_ + k];
            if (c < '0' || c > '9') return std::nullopt;
            v = v * 10 + (c - '0');
        }
        i_ += n;
        return v;
    }
    // Fraction digits after '.', as microseconds (extra digits truncated).
    std::int64_t fractionMicros() {
        std::int64_t micros = 0;
        int n = 0;
        while (!done() && peek() >= '0' && peek() <= '9') {
            if (n < 6) micros = micros * 10 + (peek() - '0'), ++n;
            ++i_;
        }
        while (n++ < 6)
            micros *= 10;
        return micros;
    }

  private:
    std::string_view s_;
    std::size_t i_ = 0;
};

std::optional<std::int64_t> parseDateDays(Cursor& c) {
    bool negative = c.eat('-');
    auto y = c.digits(4);
    if (!y || !c.eat('-')) return std::nullopt;
    auto m = c.digits(2);
    if (!m || !c.eat('-')) return std::nullopt;
    auto d = c.digits(2);
    if (!d || *m < 1 || *m > 12 || *d < 1 || *d > 31) return std::nullopt;
    return daysFromCivil(negative ? -*y : *y, static_cast<unsigned>(*m), static_cast<unsigned>(*d));
}

// HH:MM[:SS[.ffffff]] → microseconds after midnight.
std::optional<std::int64_t> parseTimeMicros(Cursor& c) {
    auto h = c.digits(2);
    if (!h || !c.eat(':')) return std::nullopt;
    auto mi = c.digits(2);
    if (!mi) return std::nullopt;
    int sec = 0;
    std::int64_t frac = 0;
    if (c.eat(':')) {
        auto s = c.digits(2);
        if (!s) return std::nullopt;
        sec = *s;
        if (c.eat('.') || c.eat(',')) frac = c.fractionMicros();
    }
    if (*h > 23 || *mi > 59 || sec > 60) return std::nullopt;
    return ((*h * 60LL + *mi) * 60 + sec) * 1'000'000 + frac;
}

constexpr std::int64_t kMicrosPerDay = 86'400'000'000LL;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw AvroError("Avro value at " + (path.empty() ? std::string("the root") : path) + ": " +
                    what);
}

std::string kindOf(const nlohmann::json& v) {
    switch (v.type()) {
        case nlohmann::json::value_t::null:
            return "null";
        case nlohmann::json::value_t::boolean:
            return "a boolean";
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
            return "an integer";
        case nlohmann::json::value_t::number_float:
            return "a number";
        case nlohmann::json::value_t::string:
            return "a string";
        case nlohmann::json::value_t::array:
            return "an array";
        case nlohmann::json::value_t::object:
            return "an object";
        default:
            return "an unsupported JSON value";
    }
}

// The field path is built only when an error is reported.
struct Path {
    const Path* parent = nullptr;
    std::string_view field;
    std::int64_t index = -1;
    std::string str() const {
        std::string out = parent ? parent->str() : std::string();
        // Appended piece by piece: GCC 12 at -O3 (Release) reports a false -Werror=restrict on
        // `"[" + std::to_string(i)` (GCC bug 105329).
        if (index >= 0) {
            out += '[';
            out += std::to_string(index);
            out += ']';
        } else if (!field.empty()) {
            if (!out.empty()) out += '.';
            out.append(field);
        }
        return out;
    }
};

std::optional<std::int64_t> integral(const nlohmann::json& v) {
    if (v.is_number_integer()) return v.get<std::int64_t>();
    if (v.is_number_unsigned()) {
        auto u = v.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return std::nullopt;
        return static_cast<std::int64_t>(u);
    }
    if (v.is_number_float()) {
        double d = v.get<double>();
        if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.2e18)
            return static_cast<std::int64_t>(d);
    }
    return std::nullopt;
}

std::optional<Int128> decimalOf(const nlohmann::json& v, int scale) {
    if (v.is_string()) return parseDecimal(v.get_ref<const std::string&>(), scale);
    if (v.is_number_integer() || v.is_number_unsigned()) return parseDecimal(v.dump(), scale);
    if (v.is_number_float()) return parseDecimal(v.dump(), scale);
    return std::nullopt;
}

Int128 pow10(int n) {
    Int128 p = 1;
    while (n-- > 0)
        p *= 10;
    return p;
}

class Encoder {
  public:
    Encoder(const Schema& schema, Buffer& out) : schema_(schema), out_(out) {}

    void encode(NodeId id, const nlohmann::json& v, const Path& path) {
        const Node& n = schema_.node(id);
        switch (n.type) {
            case Type::Null:
                if (!v.is_null()) fail(path.str(), "expected null, got " + kindOf(v));
                return;
            case Type::Boolean:
                if (!v.is_boolean()) fail(path.str(), "expected a boolean, got " + kindOf(v));
                writeBoolean(out_, v.get<bool>());
                return;
            case Type::Int:
                writeInt(out_, intValue(n, v, path));
                return;
            case Type::Long:
                writeLong(out_, longValue(n, v, path));
                return;
            case Type::Float:
                if (!v.is_number()) fail(path.str(), "expected a number (float), got " + kindOf(v));
                writeFloat(out_, v.get<float>());
                return;
            case Type::Double:
                if (!v.is_number())
                    fail(path.str(), "expected a number (double), got " + kindOf(v));
                writeDouble(out_, v.get<double>());
                return;
            case Type::Bytes:
                if (n.logical == LogicalType::Decimal) {
                    writeDecimalBytes(out_, decimal(n, v, path));
                } else {
                    if (!v.is_string())
                        fail(path.str(), "expected a string (bytes), got " + kindOf(v));
                    writeBytes(out_, v.get_ref<const std::string&>());
                }
                return;
            case Type::String:
                if (!v.is_string()) fail(path.str(), "expected a string, got " + kindOf(v));
                writeString(out_, v.get_ref<const std::string&>());
                return;
            case Type::Fixed:
                if (n.logical == LogicalType::Decimal) {
                    writeDecimalFixed(out_, decimal(n, v, path), n.fixedSize);
                } else {
                    if (!v.is_string() || v.get_ref<const std::string&>().size() != n.fixedSize)
                        fail(path.str(), "expected a string of " + std::to_string(n.fixedSize) +
                                             " bytes (fixed " + n.name + ")");
                    writeFixed(out_, v.get_ref<const std::string&>());
                }
                return;
            case Type::Enum: {
                if (!v.is_string()) fail(path.str(), "expected an enum symbol, got " + kindOf(v));
                const auto& s = v.get_ref<const std::string&>();
                for (std::size_t i = 0; i < n.symbols.size(); ++i) {
                    if (n.symbols[i] == s) {
                        writeEnum(out_, static_cast<int>(i));
                        return;
                    }
                }
                fail(path.str(), "'" + s + "' is not a symbol of enum " + n.name);
            }
            case Type::Array: {
                if (!v.is_array()) fail(path.str(), "expected an array, got " + kindOf(v));
                if (!v.empty()) {
                    writeBlockStart(out_, static_cast<std::int64_t>(v.size()));
                    std::int64_t i = 0;
                    for (const auto& item : v) {
                        Path p{&path, {}, i++};
                        encode(n.items, item, p);
                    }
                }
                writeBlockEnd(out_);
                return;
            }
            case Type::Map: {
                if (!v.is_object()) fail(path.str(), "expected an object (map), got " + kindOf(v));
                if (!v.empty()) {
                    writeBlockStart(out_, static_cast<std::int64_t>(v.size()));
                    for (auto it = v.begin(); it != v.end(); ++it) {
                        writeString(out_, it.key());
                        Path p{&path, it.key(), -1};
                        encode(n.items, it.value(), p);
                    }
                }
                writeBlockEnd(out_);
                return;
            }
            case Type::Record:
                encodeRecord(n, v, path);
                return;
            case Type::Union:
                encodeUnion(n, v, path);
                return;
        }
    }

  private:
    std::int32_t intValue(const Node& n, const nlohmann::json& v, const Path& path) {
        std::optional<std::int64_t> x;
        if (v.is_string() && n.logical == LogicalType::Date) {
            if (auto d = parseDate(v.get_ref<const std::string&>()))
                x = *d;
            else
                fail(path.str(), "'" + v.get<std::string>() + "' is not a date (YYYY-MM-DD)");
        } else if (v.is_string() && n.logical == LogicalType::TimeMillis) {
            if (auto t = parseTimeOfDayMicros(v.get_ref<const std::string&>()))
                x = *t / 1000;
            else
                fail(path.str(), "'" + v.get<std::string>() + "' is not a time (HH:MM:SS)");
        } else {
            x = integral(v);
            if (!x) fail(path.str(), "expected an integer (int), got " + kindOf(v));
        }
        if (*x < std::numeric_limits<std::int32_t>::min() ||
            *x > std::numeric_limits<std::int32_t>::max())
            fail(path.str(), std::to_string(*x) + " does not fit an Avro int");
        return static_cast<std::int32_t>(*x);
    }

    std::int64_t longValue(const Node& n, const nlohmann::json& v, const Path& path) {
        if (v.is_string()) {
            const auto& s = v.get_ref<const std::string&>();
            std::optional<std::int64_t> micros;
            switch (n.logical) {
                case LogicalType::TimestampMillis:
                case LogicalType::TimestampMicros:
                    micros = parseTimestampMicros(s, false);
                    break;
                case LogicalType::LocalTimestampMillis:
                case LogicalType::LocalTimestampMicros:
                    micros = parseTimestampMicros(s, true);
                    break;
                case LogicalType::TimeMicros:
                    micros = parseTimeOfDayMicros(s);
                    break;
                default:
                    fail(path.str(), "expected an integer (long), got a string");
            }
            if (!micros) fail(path.str(), "'" + s + "' is not an ISO 8601 timestamp");
            const bool millis = n.logical == LogicalType::TimestampMillis ||
                                n.logical == LogicalType::LocalTimestampMillis;
            // Floor division, so instants before 1970 round down like Java's.
            return millis ? (*micros >= 0 ? *micros / 1000 : -((-*micros + 999) / 1000)) : *micros;
        }
        auto x = integral(v);
        if (!x) fail(path.str(), "expected an integer (long), got " + kindOf(v));
        return *x;
    }

    Int128 decimal(const Node& n, const nlohmann::json& v, const Path& path) {
        auto d = decimalOf(v, n.scale);
        if (!d) fail(path.str(), "expected a decimal number, got " + kindOf(v));
        const Int128 limit = pow10(n.precision);
        if (*d >= limit || *d <= -limit)
            fail(path.str(), "decimal does not fit precision " + std::to_string(n.precision) +
                                 ", scale " + std::to_string(n.scale));
        return *d;
    }

    void encodeRecord(const Node& n, const nlohmann::json& v, const Path& path) {
        if (!v.is_object())
            fail(path.str(), "expected an object (record " + n.name + "), got " + kindOf(v));
        for (const Field& f : n.fields) {
            Path p{&path, f.name, -1};
            auto it = v.find(f.name);
            if (it != v.end()) {
                encode(f.type, *it, p);
            } else if (f.defaultValue) {
                encodeDefault(f.type, *f.defaultValue, p);
            } else if (schema_.node(f.type).type == Type::Union &&
                       schema_.node(f.type).nullBranch >= 0) {
                writeUnionBranch(out_, schema_.node(f.type).nullBranch);
            } else if (schema_.node(f.type).type == Type::Null) {
            } else {
                fail(p.str(), "missing (record " + n.name + " has no default for it)");
            }
        }
    }

    // A field default of a union type is a value of the union's first branch (Avro spec).
    void encodeDefault(NodeId id, const nlohmann::json& def, const Path& path) {
        const Node& n = schema_.node(id);
        if (n.type == Type::Union) {
            writeUnionBranch(out_, 0);
            encode(n.branches[0], def, path);
        } else {
            encode(id, def, path);
        }
    }

    bool accepts(NodeId id, const nlohmann::json& v) const {
        const Node& n = schema_.node(id);
        switch (n.type) {
            case Type::Null:
                return v.is_null();
            case Type::Boolean:
                return v.is_boolean();
            case Type::Int: {
                if (v.is_string()) {
                    const auto& s = v.get_ref<const std::string&>();
                    return (n.logical == LogicalType::Date && parseDate(s)) ||
                           (n.logical == LogicalType::TimeMillis && parseTimeOfDayMicros(s));
                }
                auto x = integral(v);
                return x && *x >= std::numeric_limits<std::int32_t>::min() &&
                       *x <= std::numeric_limits<std::int32_t>::max() && !v.is_number_float();
            }
            case Type::Long:
                if (v.is_string()) {
                    const auto& s = v.get_ref<const std::string&>();
                    switch (n.logical) {
                        case LogicalType::TimestampMillis:
                        case LogicalType::TimestampMicros:
                            return parseTimestampMicros(s, false).has_value();
                        case LogicalType::LocalTimestampMillis:
                        case LogicalType::LocalTimestampMicros:
                            return parseTimestampMicros(s, true).has_value();
                        case LogicalType::TimeMicros:
                            return parseTimeOfDayMicros(s).has_value();
                        default:
                            return false;
                    }
                }
                return (v.is_number_integer() || v.is_number_unsigned()) && integral(v).has_value();
            case Type::Float:
            case Type::Double:
                return v.is_number();
            case Type::Bytes:
                return n.logical == LogicalType::Decimal ? decimalOf(v, n.scale).has_value()
                                                         : v.is_string();
            case Type::String:
                return v.is_string();
            case Type::Fixed:
                return n.logical == LogicalType::Decimal
                           ? decimalOf(v, n.scale).has_value()
                           : v.is_string() && v.get_ref<const std::string&>().size() == n.fixedSize;
            case Type::Enum:
                return v.is_string() &&
                       std::find(n.symbols.begin(), n.symbols.end(),
                                 v.get_ref<const std::string&>()) != n.symbols.end();
            case Type::Array:
                return v.is_array();
            case Type::Map:
                return v.is_object();
            case Type::Record: {
                if (!v.is_object()) return false;
                for (const Field& f : n.fields) {
                    if (v.contains(f.name) || f.defaultValue) continue;
                    const Node& t = schema_.node(f.type);
                    if ((t.type == Type::Union && t.nullBranch >= 0) || t.type == Type::Null)
                        continue;
                    return false;
                }
                return true;
            }
            case Type::Union:
                return false;
        }
        return false;
    }

    static std::string_view shortName(std::string_view full) {
        auto dot = full.rfind('.');
        return dot == std::string_view::npos ? full : full.substr(dot + 1);
    }

    void encodeUnion(const Node& n, const nlohmann::json& v, const Path& path) {
        if (v.is_null()) {
            if (n.nullBranch < 0)
                fail(path.str(), "null is not allowed here (the union has no null)");
            writeUnionBranch(out_, n.nullBranch);
            return;
        }
        // Avro's JSON encoding: {"branch type name": value}.
        if (v.is_object() && v.size() == 1) {
            const std::string& key = v.begin().key();
            for (std::size_t i = 0; i < n.branches.size(); ++i) {
                const Node& b = schema_.node(n.branches[i]);
                const bool named =
                    b.type == Type::Record || b.type == Type::Enum || b.type == Type::Fixed;
                if ((named && (b.name == key || shortName(b.name) == key)) ||
                    (!named && key == toString(b.type))) {
                    writeUnionBranch(out_, static_cast<int>(i));
                    encode(n.branches[i], v.begin().value(), path);
                    return;
                }
            }
        }
        for (std::size_t i = 0; i < n.branches.size(); ++i) {
            if (accepts(n.branches[i], v)) {
                writeUnionBranch(out_, static_cast<int>(i));
                encode(n.branches[i], v, path);
                return;
            }
        }
        // A float for an int-only union, say: fall back to the first non-null branch so the
        // error message says what was expected there.
        for (std::size_t i = 0; i < n.branches.size(); ++i) {
            if (static_cast<int>(i) == n.nullBranch) continue;
            std::string expected;
            for (NodeId b : n.branches) {
                const Node& bn = schema_.node(b);
                expected += (expected.empty() ? "" : ", ") +
                            (bn.name.empty() ? std::string(toString(bn.type)) : bn.name);
            }
            fail(path.str(), kindOf(v) + " matches no branch of the union [" + expected + "]");
        }
        fail(path.str(), "no branch of the union takes " + kindOf(v));
    }

    const Schema& schema_;
    Buffer& out_;
};

}  // namespace

std::optional<std::int32_t> parseDate(std::string_view text) {
    Cursor c(text);
    auto days = parseDateDays(c);
    if (!days || !c.done()) return std::nullopt;
    return static_cast<std::int32_t>(*days);
}

std::optional<std::int64_t> parseTimeOfDayMicros(std::string_view text) {
    Cursor c(text);
    auto t = parseTimeMicros(c);
    if (!t || !c.done()) return std::nullopt;
    return t;
}

std::optional<std::int64_t> parseTimestampMicros(std::string_view text, bool local) {
    Cursor c(text);
    auto days = parseDateDays(c);
    if (!days) return std::nullopt;
    std::int64_t micros = *days * kMicrosPerDay;
    if (c.done()) return micros;
    if (!c.eat('T') && !c.eat(' ') && !c.eat('t')) return std::nullopt;
    auto t = parseTimeMicros(c);
    if (!t) return std::nullopt;
    micros += *t;
    if (c.done()) return micros;
    if (c.eat('Z') || c.eat('z')) return c.done() ? std::optional(micros) : std::nullopt;
    const char sign = c.peek();
    if (sign != '+' && sign != '-') return std::nullopt;
    c.eat(sign);
    auto oh = c.digits(2);
    if (!oh) return std::nullopt;
    c.eat(':');
    auto om = c.digits(2);
    if (!om || !c.done()) return std::nullopt;
    // A local timestamp keeps its wall-clock reading; an instant is moved to UTC.
    if (!local) {
        const std::int64_t offset = (*oh * 60LL + *om) * 60'000'000LL;
        micros += sign == '+' ? -offset : offset;
    }
    return micros;
}

std::optional<Int128> parseDecimal(std::string_view text, int scale) {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
    std::string digits;
    int fractionDigits = 0;
    bool seenDot = false, any = false;
    for (; i < text.size(); ++i) {
        char ch = text[i];
        if (ch >= '0' && ch <= '9') {
            digits += ch;
            any = true;
            if (seenDot) ++fractionDigits;
        } else if (ch == '.' && !seenDot) {
            seenDot = true;
        } else {
            break;
        }
    }
    if (!any) return std::nullopt;
    int exponent = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        int e = 0;
        auto [ptr, ec] = std::from_chars(text.data() + i + (text[i] == '+' ? 1 : 0),
                                         text.data() + text.size(), e);
        if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
        exponent = e;
        i = text.size();
    }
    if (i != text.size()) return std::nullopt;
    // value = digits × 10^(exponent − fractionDigits); we want value × 10^scale.
    int shift = exponent - fractionDigits + scale;
    if (shift < -80 || shift > 80) return std::nullopt;
    Int128 v = 0;
    std::size_t keep = digits.size();
    bool roundUp = false;
    if (shift < 0) {
        const auto drop = static_cast<std::size_t>(-shift);
        if (drop >= digits.size()) {
            roundUp = drop == digits.size() && digits[0] >= '5';
            keep = 0;
        } else {
            keep = digits.size() - drop;
            roundUp = digits[keep] >= '5';
        }
    }
    for (std::size_t k = 0; k < keep; ++k) {
        if (v > pow10(37)) return std::nullopt;
        v = v * 10 + (digits[k] - '0');
    }
    if (roundUp) v += 1;
    for (int k = 0; k < shift; ++k) {
        if (v > pow10(37)) return std::nullopt;
        v *= 10;
    }
    return negative ? -v : v;
}

void writeDecimalBytes(Buffer& out, Int128 unscaled) {
    std::uint8_t be[16];
    auto u = static_cast<UInt128>(unscaled);
    for (int i = 15; i >= 0; --i) {
        be[i] = static_cast<std::uint8_t>(u);
        u >>= 8;
    }
    int start = 0;
    while (start < 15 && ((be[start] == 0x00 && !(be[start + 1] & 0x80)) ||
                          (be[start] == 0xFF && (be[start + 1] & 0x80))))
        ++start;
    writeBytes(out, std::string_view(reinterpret_cast<const char*>(be + start),
                                     static_cast<std::size_t>(16 - start)));
}

void writeDecimalFixed(Buffer& out, Int128 unscaled, std::size_t size) {
    const std::uint8_t fill = unscaled < 0 ? 0xFF : 0x00;
    auto u = static_cast<UInt128>(unscaled);
    std::string bytes(size, static_cast<char>(fill));
    for (std::size_t i = 0; i < size && i < 16; ++i) {
        bytes[size - 1 - i] = static_cast<char>(static_cast<std::uint8_t>(u));
        u >>= 8;
    }
    writeFixed(out, bytes);
}

void encodeJson(const Schema& schema, const nlohmann::json& value, Buffer& out) {
    Encoder encoder(schema, out);
    Path root;
    encoder.encode(schema.rootId(), value, root);
}

void encodeConfluent(const Schema& schema, std::int32_t schemaId, const nlohmann::json& value,
                     Buffer& out) {
    writeConfluentHeader(out, schemaId);
    encodeJson(schema, value, out);
}

}  // namespace riverdelta::avro
