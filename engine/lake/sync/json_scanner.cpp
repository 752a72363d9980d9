#include "engine/lake/sync/json_scanner.h"

#include <bit>
#include <cstring>

#include "engine/core/utf8.h"

namespace riverdelta::lake::sync {

namespace {
bool isSpace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

bool JsonScanner::fail(const char* what) {
    error_ = std::string(what) + " at byte " + std::to_string(pos_);
    done_ = true;
    return false;
}

void JsonScanner::skipSpaceSlow() {
    while (pos_ < doc_.size() && isSpace(doc_[pos_]))
        ++pos_;
}

bool JsonScanner::reset(std::string_view document) {
    doc_ = document;
    pos_ = 0;
    first_ = true;
    done_ = false;
    error_.clear();
    scratchUsed_ = 0;
    skipSpace();
    if (pos_ >= doc_.size() || doc_[pos_] != '{') return fail("expected a JSON object");
    ++pos_;
    return true;
}

std::string_view JsonScanner::keep(std::string&& decoded) {
    if (scratchUsed_ == std::size(scratch_)) {
        fail("too many escaped strings in one record");
        return {};
    }
    std::string& slot = scratch_[scratchUsed_++];
    slot = std::move(decoded);
    return slot;
}

namespace {

// The high bit of each of the eight bytes (little-endian) that is '"', '\\' or below 0x20. The
// "has zero byte" and "has byte less than" tests only err in bytes after one that matched, so
// the lowest set bit is exact.
std::uint64_t specialBytes(std::uint64_t w) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const auto hasZero = [&](std::uint64_t x) { return (x - ones) & ~x & highs; };
    const std::uint64_t quote = hasZero(w ^ (ones * '"'));
    const std::uint64_t backslash = hasZero(w ^ (ones * '\\'));
    const std::uint64_t control = (w - ones * 0x20) & ~w & highs;
    return quote | backslash | control;
}

std::uint64_t load8(const char* p) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, 8);
    return w;
}

std::uint32_t load4(const char* p) {
    std::uint32_t w = 0;
    std::memcpy(&w, p, 4);
    return w;
}

// Whether n bytes at a and b are equal, inline: a call to memcmp cost more than the compare of
// a record's short member names. Loads stay within the n bytes (the last ones overlap).
bool sameBytes(const char* a, const char* b, std::size_t n) {
    if (n >= 8) {
        for (std::size_t i = 0; i + 8 < n; i += 8)
            if (load8(a + i) != load8(b + i)) return false;
        return load8(a + n - 8) == load8(b + n - 8);
    }
    if (n >= 4) return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
    for (std::size_t i = 0; i < n; ++i)
        if (a[i] != b[i]) return false;
    return true;
}

}  // namespace

bool JsonScanner::readString(std::string_view& out) {
    // pos_ is at the opening quote.
    const std::size_t start = ++pos_;
    const char* base = doc_.data();
    const std::size_t size = doc_.size();
    // One pass for the usual string without escapes: eight bytes at a time up to the first
    // quote, backslash or control character, then byte by byte near the end of the document
    // (two memchr calls and a control-character loop cost more on the short strings of a
    // record).
    static_assert(std::endian::native == std::endian::little);
    std::size_t at = start;
    while (at + 8 <= size) {
        std::uint64_t w = 0;
        std::memcpy(&w, base + at, 8);
        if (const std::uint64_t special = specialBytes(w)) {
            at += static_cast<std::size_t>(std::countr_zero(special)) / 8;
            break;
        }
        at += 8;
    }
    for (; at < size; ++at) {
        const auto c = static_cast<unsigned char>(base[at]);
        if (c == '"') {
            out = doc_.substr(start, at - start);
            pos_ = at + 1;
            return true;
        }
        if (c == '\\') break;
        if (c < 0x20) return fail("control character in string");
    }
    if (at >= size) return fail("unterminated string");
    std::string decoded;
    decoded.reserve(64);
    while (pos_ < doc_.size()) {
        char c = doc_[pos_++];
        if (c == '"') {
            out = keep(std::move(decoded));
            return ok();
        }
        if (static_cast<unsigned char>(c) < 0x20) return fail("control character in string");
        if (c != '\\') {
            decoded += c;
            continue;
        }
        if (pos_ >= doc_.size()) break;
        c = doc_[pos_++];
        switch (c) {
            case '"':
                decoded += '"';
                break;
            case '\\':
                decoded += '\\';
                break;
            case '/':
                decoded += '/';
                break;
            case 'b':
                decoded += '\b';
                break;
            case 'f':
                decoded += '\f';
                break;
            case 'n':
                decoded += '\n';
                break;
            case 'r':
                decoded += '\r';
                break;
            case 't':
                decoded += '\t';
                break;
            case 'u': {
                auto read4 = [&](std::uint32_t& v) {
                    if (pos_ + 4 > doc_.size()) return false;
                    v = 0;
                    for (int i = 0; i < 4; ++i) {
                        const int h = hexValue(doc_[pos_++]);
                        if (h < 0) return false;
                        v = v << 4 | static_cast<std::uint32_t>(h);
                    }
                    return true;
                };
                std::uint32_t cp = 0;
                if (!read4(cp)) return fail("bad \\u escape");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    std::uint32_t low = 0;
                    if (pos_ + 2 > doc_.size() || doc_[pos_] != '\\' || doc_[pos_ + 1] != 'u')
                        return fail("lone surrogate");
                    pos_ += 2;
                    if (!read4(low) || low < 0xDC00 || low > 0xDFFF)
                        return fail("bad surrogate pair");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return fail("lone surrogate");
                }
                core::appendUtf8(decoded, cp);
                break;
            }
            default:
                return fail("bad escape");
        }
    }
    return fail("unterminated string");
}

bool JsonScanner::readNumber(JsonMember& member) {
    const std::size_t start = pos_;
    bool integer = true;
    if (pos_ < doc_.size() && doc_[pos_] == '-') ++pos_;
    const std::size_t digits = pos_;
    while (pos_ < doc_.size() && doc_[pos_] >= '0' && doc_[pos_] <= '9')
        ++pos_;
    if (pos_ == digits) return fail("bad number");
    if (doc_[digits] == '0' && pos_ - digits > 1) return fail("leading zero in number");
    if (pos_ < doc_.size() && doc_[pos_] == '.') {
        integer = false;
        const std::size_t frac = ++pos_;
        while (pos_ < doc_.size() && doc_[pos_] >= '0' && doc_[pos_] <= '9')
            ++pos_;
        if (pos_ == frac) return fail("bad number");
    }
    if (pos_ < doc_.size() && (doc_[pos_] == 'e' || doc_[pos_] == 'E')) {
        integer = false;
        ++pos_;
        if (pos_ < doc_.size() && (doc_[pos_] == '+' || doc_[pos_] == '-')) ++pos_;
        const std::size_t exp = pos_;
        while (pos_ < doc_.size() && doc_[pos_] >= '0' && doc_[pos_] <= '9')
            ++pos_;
        if (pos_ == exp) return fail("bad number");
    }
    member.kind = integer ? JsonKind::Integer : JsonKind::Number;
    member.text = doc_.substr(start, pos_ - start);
    return true;
}

bool JsonScanner::skipNested() {
    int depth = 0;
    while (pos_ < doc_.size()) {
        const char c = doc_[pos_];
        if (c == '"') {
            std::string_view ignored;
            if (!readString(ignored)) return false;
            continue;
        }
        ++pos_;
        if (c == '{' || c == '[') ++depth;
        if (c == '}' || c == ']') {
            if (--depth == 0) return true;
        }
    }
    return fail("unterminated object or array");
}

bool JsonScanner::plainKey(std::string_view key) {
    for (const char c : key)
        if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
    return !key.empty();
}

bool JsonScanner::next(JsonMember& member, std::string_view expectedKey) {
    if (done_) return false;
    skipSpace();
    if (pos_ >= doc_.size()) return fail("unterminated object");
    if (doc_[pos_] == '}') {
        ++pos_;
        skipSpace();
        done_ = true;
        if (pos_ != doc_.size()) return fail("trailing characters after the object");
        return false;
    }
    if (!first_) {
        if (doc_[pos_] != ',') return fail("expected ',' or '}'");
        ++pos_;
        skipSpace();
    }
    first_ = false;
    if (pos_ >= doc_.size() || doc_[pos_] != '"') return fail("expected a member name");
    const std::size_t keyEnd = pos_ + 1 + expectedKey.size();
    member.keyWasExpected =
        !expectedKey.empty() && keyEnd < doc_.size() && doc_[keyEnd] == '"' &&
        sameBytes(doc_.data() + pos_ + 1, expectedKey.data(), expectedKey.size());
    if (member.keyWasExpected) {
        member.key = doc_.substr(pos_ + 1, expectedKey.size());
        pos_ = keyEnd + 1;
    } else if (!readString(member.key)) {
        return false;
    }
    skipSpace();
    if (pos_ >= doc_.size() || doc_[pos_] != ':') return fail("expected ':'");
    ++pos_;
    skipSpace();
    if (pos_ >= doc_.size()) return fail("missing value");
    const char c = doc_[pos_];
    auto literal = [&](std::string_view word, JsonKind kind) {
        if (doc_.substr(pos_, word.size()) != word) return fail("bad literal");
        member.kind = kind;
        member.text = doc_.substr(pos_, word.size());
        pos_ += word.size();
        return true;
    };
    switch (c) {
        case '"':
            member.kind = JsonKind::String;
            return readString(member.text);
        case 't':
            return literal("true", JsonKind::True);
        case 'f':
            return literal("false", JsonKind::False);
        case 'n':
            return literal("null", JsonKind::Null);
        case '{':
        case '[': {
            const std::size_t start = pos_;
            if (!skipNested()) return false;
            member.kind = c == '{' ? JsonKind::Object : JsonKind::Array;
            member.text = doc_.substr(start, pos_ - start);
            return true;
        }
        default:
            return readNumber(member);
    }
}

}  // namespace riverdelta::lake::sync
