#include "engine/generate/functions/modifier_nodes.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <new>
#include <string>

#include "engine/generate/functions/civil_time.h"
#include "engine/generate/value_arena.h"
#include "engine/generate/value_json_writer.h"

namespace riverdelta::generate {

namespace {

void put(char*& w, std::int64_t v, int width) {
    char buf[24];
    for (int i = width - 1; i >= 0; --i) {
        buf[i] = static_cast<char>('0' + v % 10);
        v /= 10;
    }
    for (int i = 0; i < width; ++i)
        *w++ = buf[i];
}

double rateOf(const Node* rate, EvalContext& ctx) {
    const double r = evalNumber(rate, ctx);
    return std::isnan(r) ? 0.0 : r;
}

int base64Value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

}  // namespace

void isoInstant(std::int64_t epochMs, char* out) {
    const CivilTime t = civilFromEpochMs(epochMs);
    char* w = out;
    put(w, t.year < 0 ? 0 : t.year % 10000, 4);
    *w++ = '-';
    put(w, t.month, 2);
    *w++ = '-';
    put(w, t.day, 2);
    *w++ = 'T';
    put(w, t.hour, 2);
    *w++ = ':';
    put(w, t.minute, 2);
    *w++ = ':';
    put(w, t.second, 2);
    *w++ = '.';
    put(w, t.millis, 3);
    *w = 'Z';
}

void latin1ToUtf8(std::string_view bytes, std::string& out) {
    for (unsigned char b : bytes) {
        if (b < 0x80) {
            out.push_back(static_cast<char>(b));
        } else {
            out.push_back(static_cast<char>(0xC0 | (b >> 6)));
            out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
        }
    }
}

void PathNode::eval(EvalContext& ctx, Value& out) const {
    Value v;
    inner_->eval(ctx, v);
    out = navigate(v, path_);
}

void SelectKeysNode::eval(EvalContext& ctx, Value& out) const {
    Value v;
    inner_->eval(ctx, v);
    if (v.kind != ValueKind::Object) {
        out = v;
        return;
    }
    Member* ms = ctx.arena->members(v.size);
    std::uint32_t n = 0;
    for (const Member& m : v.object()) {
        for (std::string_view k : keys_) {
            if (m.key == k) {
                new (&ms[n++]) Member(m);
                break;
            }
        }
    }
    out = Value::ofObject(ms, n);
}

void KeyNamesNode::eval(EvalContext& ctx, Value& out) const {
    Value v;
    inner_->eval(ctx, v);
    if (v.kind != ValueKind::Object) {
        out = v;
        return;
    }
    Member* ms = ctx.arena->members(v.size);
    std::uint32_t n = 0;
    for (const Member& m : v.object()) {
        std::string_view key = m.key;
        for (const auto& [from, to] : names_) {
            if (key == from) {
                key = to;
                break;
            }
        }
        new (&ms[n++]) Member{key, m.value};
    }
    out = Value::ofObject(ms, n);
}

void SampleNode::eval(EvalContext& ctx, Value& out) const {
    Value v;
    inner_->eval(ctx, v);
    if (v.kind != ValueKind::Array) {
        out = v;
        return;
    }
    const double rate = rateOf(rate_, ctx);
    Value* items = ctx.arena->values(v.size);
    std::uint32_t n = 0;
    for (const Value& item : v.array()) {
        if (ctx.rng->uniform() < rate) new (&items[n++]) Value(item);
    }
    out = Value::ofArray(items, n);
}

void CastNode::eval(EvalContext& ctx, Value& out) const {
    Value v;
    inner_->eval(ctx, v);
    if (v.isNull()) {
        out = v;
        return;
    }
    if (kind_ == CastKind::String) {
        if (v.kind == ValueKind::String) {
            out = v;
            return;
        }
        std::string& s = *ctx.scratch;
        s.clear();
        ValueJsonWriter(s).value(v);
        out = Value::ofString(ctx.arena->copy(s));
        return;
    }
    // Casts are to/from strings only (like ShadowTraffic): a non-string passes through.
    if (v.kind != ValueKind::String) {
        out = v;
        return;
    }
    std::string_view s = v.string();
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    switch (kind_) {
        case CastKind::Integer: {
            std::int64_t i = 0;
            auto r = std::from_chars(s.data(), s.data() + s.size(), i);
            out = r.ec == std::errc() && r.ptr == s.data() + s.size() ? Value::ofInt(i)
                                                                      : Value::null();
            return;
        }
        case CastKind::Double: {
            std::string text(s);
            char* end = nullptr;
            const double d = std::strtod(text.c_str(), &end);
            out = !text.empty() && end == text.c_str() + text.size() && std::isfinite(d)
                      ? Value::ofDouble(d)
                      : Value::null();
            return;
        }
        case CastKind::Boolean: {
            // Like Java's Boolean.parseBoolean: "true" in any case, anything else is false.
            bool t = s.size() == 4;
            for (std::size_t i = 0; t && i < 4; ++i)
                t = (s[i] | 0x20) == "true"[i];
            out = Value::ofBool(t);
            return;
        }
        default:
            out = v;
    }
}

std::optional<ValueKind> CastNode::staticKind(int) const {
    switch (kind_) {
        case CastKind::String:
            return ValueKind::String;
        case CastKind::Integer:
            return ValueKind::Int;
        case CastKind::Double:
            return ValueKind::Double;
        case CastKind::Boolean:
            return ValueKind::Bool;
    }
    return std::nullopt;
}

namespace {
struct CardinalityState final : NodeState {
    ValueArena arena;
    std::vector<Value> seen;
};
}  // namespace

void CardinalityNode::eval(EvalContext& ctx, Value& out) const {
    auto& holder = ctx.nodeStates[slot_];
    if (!holder) holder = std::make_unique<CardinalityState>();
    auto& st = static_cast<CardinalityState&>(*holder);
    if (st.seen.size() >= limit_) {
        out = st.seen[ctx.rng->below(st.seen.size())];
        return;
    }
    inner_->eval(ctx, out);
    for (const Value& s : st.seen) {
        if (equal(s, out)) return;
    }
    st.seen.push_back(st.arena.deepCopy(out));
}

void TimestampNode::eval(EvalContext& ctx, Value& out) const {
    Value v;
    inner_->eval(ctx, v);
    if (!v.isNumber()) {
        out = v;  // already a string (or null): left as it is
        return;
    }
    const double ms = v.asDouble();
    if (!std::isfinite(ms) || std::fabs(ms) > 2.5e14) {
        out = Value::null();
        return;
    }
    char* buf = ctx.arena->chars(24);
    isoInstant(static_cast<std::int64_t>(std::floor(ms)), buf);
    out = Value::ofString(std::string_view(buf, 24));
}

void AvroDecimalNode::eval(EvalContext& ctx, Value& out) const {
    Value v;
    inner_->eval(ctx, v);
    if (!v.isNumber()) {
        out = v;
        return;
    }
    const double scaled = std::round(v.asDouble() * std::pow(10.0, scale_));
    if (!std::isfinite(scaled) || std::fabs(scaled) >= 9.2e18) {
        out = Value::null();
        return;
    }
    const auto unscaled = static_cast<std::int64_t>(scaled);
    // Minimal big-endian two's complement, as Java's BigInteger.toByteArray.
    unsigned char bytes[8];
    for (int i = 0; i < 8; ++i)
        bytes[i] = static_cast<unsigned char>(static_cast<std::uint64_t>(unscaled) >> (56 - 8 * i));
    int start = 0;
    while (start < 7 && ((bytes[start] == 0x00 && (bytes[start + 1] & 0x80) == 0) ||
                         (bytes[start] == 0xFF && (bytes[start + 1] & 0x80) != 0)))
        ++start;
    std::string& s = *ctx.scratch;
    s.clear();
    latin1ToUtf8(std::string_view(reinterpret_cast<const char*>(bytes + start),
                                  static_cast<std::size_t>(8 - start)),
                 s);
    out = Value::ofString(ctx.arena->copy(s));
}

void AvroFixedNode::eval(EvalContext& ctx, Value& out) const {
    Value v;
    inner_->eval(ctx, v);
    if (v.kind != ValueKind::String) {
        out = v;
        return;
    }
    std::string raw;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : v.string()) {
        if (c == '=') break;
        const int x = base64Value(c);
        if (x < 0) {
            out = v;  // not base64: left as it is
            return;
        }
        acc = (acc << 6) | static_cast<std::uint32_t>(x);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            raw.push_back(static_cast<char>((acc >> bits) & 0xFF));
        }
    }
    std::string& s = *ctx.scratch;
    s.clear();
    latin1ToUtf8(raw, s);
    out = Value::ofString(ctx.arena->copy(s));
}

void NullRateNode::eval(EvalContext& ctx, Value& out) const {
    if (ctx.rng->uniform() < rateOf(rate_, ctx)) {
        out = Value::null();
        return;
    }
    inner_->eval(ctx, out);
}

void ElideNode::eval(EvalContext& ctx, Value& out) const {
    bool elide = false;
    switch (mode_) {
        case Mode::Rate:
            elide = ctx.rng->uniform() < rateOf(arg_, ctx);
            break;
        case Mode::WhenPresent: {
            Value ref;
            arg_->eval(ctx, ref);
            elide = !ref.isNull();
            break;
        }
        case Mode::WhenAbsent: {
            Value ref;
            arg_->eval(ctx, ref);
            elide = ref.isNull() || (ref.kind == ValueKind::Bool && !ref.boolean);
            break;
        }
    }
    if (elide) {
        out = Value::elided();
        return;
    }
    inner_->eval(ctx, out);
}

}  // namespace riverdelta::generate
