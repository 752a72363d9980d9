#include "engine/generate/functions/string_nodes.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "engine/generate/value_arena.h"
#include "engine/generate/value_json_writer.h"

namespace riverdelta::generate {

namespace {
constexpr std::uint32_t kMaxLength = 1'000'000;
constexpr char kHex[] = "0123456789abcdef";

std::uint32_t lengthOf(const Node* n, EvalContext& ctx) {
    const double x = evalNumber(n, ctx);
    if (!(x > 0)) return 0;
    return x >= kMaxLength ? kMaxLength : static_cast<std::uint32_t>(x);
}

// Index of the first byte of UTF-8 character number `chars` (or the size).
std::size_t utf8Prefix(std::string_view s, std::int64_t chars) {
    std::size_t i = 0;
    for (std::int64_t c = 0; c < chars && i < s.size(); ++c) {
        ++i;
        while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80)
            ++i;
    }
    return i;
}
}  // namespace

void appendText(const Value& v, std::string& out) {
    if (v.kind == ValueKind::String) {
        out.append(v.string());
    } else {
        ValueJsonWriter(out).value(v);
    }
}

void CharacterStringNode::eval(EvalContext& ctx, Value& out) const {
    static constexpr char kLower[] = "abcdefghijklmnopqrstuvwxyz";
    static constexpr char kUpper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static constexpr char kMixed[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const char* alphabet = case_ == LetterCase::Lower   ? kLower
                           : case_ == LetterCase::Upper ? kUpper
                                                        : kMixed;
    const std::uint32_t size = case_ == LetterCase::Mixed ? 52 : 26;
    std::uint32_t n = lengthOf(n_, ctx);
    if (unique_) n = std::min(n, size);
    char* buf = ctx.arena->chars(n);
    if (unique_) {
        // A partial Fisher-Yates shuffle of the alphabet.
        char pool[52];
        std::copy(alphabet, alphabet + size, pool);
        for (std::uint32_t i = 0; i < n; ++i) {
            const auto j = i + static_cast<std::uint32_t>(ctx.rng->below(size - i));
            std::swap(pool[i], pool[j]);
            buf[i] = pool[i];
        }
    } else {
        for (std::uint32_t i = 0; i < n; ++i)
            buf[i] = alphabet[ctx.rng->below(size)];
    }
    out = Value::ofString(std::string_view(buf, n));
}

void RandomCharsNode::eval(EvalContext& ctx, Value& out) const {
    const std::uint32_t n = fixed_ != 0 ? fixed_ : lengthOf(n_, ctx);
    char* buf = ctx.arena->chars(n);
    for (std::uint32_t i = 0; i < n; ++i)
        buf[i] = alphabet_[ctx.rng->below(alphabet_.size())];
    out = Value::ofString(std::string_view(buf, n));
}

void UlidNode::eval(EvalContext& ctx, Value& out) const {
    static constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    const auto ms = static_cast<std::uint64_t>(ctx.nowMs) & 0xFFFFFFFFFFFFULL;
    const std::uint64_t hi = ctx.rng->next() & 0xFFFFULL;  // 16 of the 80 random bits
    const std::uint64_t lo = ctx.rng->next();              // the other 64
    char* buf = ctx.arena->chars(26);
    // 128 bits = 48 time + 80 random, written as 26 base32 digits (the first holds 3 bits).
    const U128 all = (static_cast<U128>(ms) << 80) | (static_cast<U128>(hi) << 64) | lo;
    for (int i = 25; i >= 0; --i)
        buf[i] = kCrockford[static_cast<unsigned>((all >> (5 * (25 - i))) & 31)];
    out = Value::ofString(std::string_view(buf, 26));
}

void UuidV7Node::eval(EvalContext& ctx, Value& out) const {
    const auto ms = static_cast<std::uint64_t>(ctx.nowMs) & 0xFFFFFFFFFFFFULL;
    std::uint64_t a = (ms << 16) | 0x7000 | (ctx.rng->next() & 0x0FFF);  // version 7
    std::uint64_t b = (ctx.rng->next() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
    char* buf = ctx.arena->chars(36);
    int w = 0;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) buf[w++] = '-';
        const std::uint64_t word = i < 16 ? a : b;
        buf[w++] = kHex[(word >> (60 - 4 * (i % 16))) & 15];
    }
    out = Value::ofString(std::string_view(buf, 36));
}

void BytesNode::eval(EvalContext& ctx, Value& out) const {
    static constexpr char kB64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const std::uint32_t n = lengthOf(size_, ctx);
    const std::uint32_t len = (n + 2) / 3 * 4;
    char* buf = ctx.arena->chars(len);
    std::uint32_t w = 0;
    for (std::uint32_t i = 0; i < n; i += 3) {
        const std::uint64_t r = ctx.rng->next();
        const std::uint32_t take = std::min<std::uint32_t>(3, n - i);
        const auto triple = static_cast<std::uint32_t>(r & (take == 3   ? 0xFFFFFF
                                                            : take == 2 ? 0xFFFF00
                                                                        : 0xFF0000));
        buf[w++] = kB64[(triple >> 18) & 63];
        buf[w++] = kB64[(triple >> 12) & 63];
        buf[w++] = take > 1 ? kB64[(triple >> 6) & 63] : '=';
        buf[w++] = take > 2 ? kB64[triple & 63] : '=';
    }
    out = Value::ofString(std::string_view(buf, len));
}

void InterpolateNode::eval(EvalContext& ctx, Value& out) const {
    std::string& s = *ctx.scratch;
    s.clear();
    for (const Piece& p : pieces_) {
        s.append(p.text);
        if (p.param == nullptr) continue;
        Value v;
        p.param->eval(ctx, v);
        appendText(v, s);
    }
    out = Value::ofString(ctx.arena->copy(s));
}

void StringTransformNode::eval(EvalContext& ctx, Value& out) const {
    Value v;
    inner_->eval(ctx, v);
    if (v.kind != ValueKind::String) {
        out = v;
        return;
    }
    std::string& s = *ctx.scratch;
    s.assign(v.string());
    if (!remove_.empty()) {
        for (auto at = s.find(remove_); at != std::string::npos; at = s.find(remove_, at))
            s.erase(at, remove_.size());
    }
    switch (case_) {
        case StringCase::Lower:
            for (char& c : s)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            break;
        case StringCase::Upper:
            for (char& c : s)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            break;
        case StringCase::Capitalized:
            // Like Apache Commons' capitalize after lower-casing: "Jill moen".
            for (char& c : s)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (!s.empty())
                s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
            break;
        case StringCase::None:
            break;
    }
    if (length_ >= 0) s.resize(utf8Prefix(s, length_));
    out = Value::ofString(ctx.arena->copy(s));
}

}  // namespace riverdelta::generate
