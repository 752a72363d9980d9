#include "engine/lake/sync/json_scanner.h"

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

void JsonScanner::skipSpace() {
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

bool JsonScanner::readString(std::string_view& out) {
    // pos_ is at the opening quote.
    const std::size_t start = ++pos_;
    const char* base = doc_.data();
    const void* quote = std::memchr(base + pos_, '"', doc_.size() - pos_);
    if (!quote) return fail("unterminated string");
    const auto span = static_cast<std::size_t>(static_cast<const char*>(quote) - (base + pos_));
    if (!std::memchr(base + pos_, '\\', span)) {
        const auto end = static_cast<std::size_t>(static_cast<const char*>(quote) - base);
        for (std::size_t i = start; i < end; ++i)
            if (static_cast<unsigned char>(base[i]) < 0x20)
                return fail("control character in string");
        out = doc_.substr(start, end - start);
        pos_ = end + 1;
        return true;
    }
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

bool JsonScanner::next(JsonMember& member) {
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
    if (!readString(member.key)) return false;
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
