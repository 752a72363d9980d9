#include "engine/generate/regex_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace riverdelta::generate {

namespace {

constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kWord =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
constexpr std::string_view kAlnum =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr int kMaxDepth = 64;
constexpr int kOpenRepeat = 8;
constexpr int kMaxRepeat = 1000;
constexpr double kMaxLength = 100000;  // characters per value

}  // namespace

class RegexGenerator::Parser {
  public:
    Parser(std::string_view text, std::string& error) : text_(text), error_(error) {}

    bool alternatives(Atom& group, int depth) {
        if (depth > kMaxDepth) return fail("groups nest too deeply");
        group.group = true;
        group.alternatives.emplace_back();
        while (pos_ < text_.size() && text_[pos_] != ')') {
            if (text_[pos_] == '|') {
                ++pos_;
                group.alternatives.emplace_back();
                continue;
            }
            Piece piece;
            if (!atom(piece.atom, depth)) return false;
            if (!quantifier(piece)) return false;
            group.alternatives.back().push_back(std::move(piece));
        }
        return true;
    }

    [[nodiscard]] bool atEnd() const { return pos_ >= text_.size(); }

  private:
    bool fail(std::string_view what) {
        error_ = fmt::format("{} at position {} of regex \"{}\"", what, pos_ + 1, text_);
        return false;
    }

    // An escape after '\': a class, or the literal character.
    bool escape(std::string& chars) {
        if (pos_ >= text_.size()) return fail("dangling backslash");
        const char c = text_[pos_++];
        switch (c) {
            case 'd':
                chars += kDigits;
                return true;
            case 'w':
                chars += kWord;
                return true;
            case 's':
                chars += ' ';
                return true;
            case 'D':
            case 'W':
            case 'S':
            case 'b':
            case 'B':
                --pos_;
                return fail(fmt::format("\\{} is not supported", c));
            case 'n':
                chars += '\n';
                return true;
            case 't':
                chars += '\t';
                return true;
            default:
                chars += c;
                return true;
        }
    }

    bool characterClass(std::string& chars) {
        if (pos_ < text_.size() && text_[pos_] == '^') {
            return fail("negated character classes are not supported");
        }
        bool first = true;
        while (pos_ < text_.size() && (text_[pos_] != ']' || first)) {
            first = false;
            char c = text_[pos_++];
            if (c == '\\') {
                if (!escape(chars)) return false;
                continue;
            }
            if (pos_ + 1 < text_.size() && text_[pos_] == '-' && text_[pos_ + 1] != ']') {
                char hi = text_[pos_ + 1];
                pos_ += 2;
                if (hi == '\\') {
                    return fail("a range cannot end in an escape");
                }
                if (static_cast<unsigned char>(hi) < static_cast<unsigned char>(c)) {
                    return fail("range out of order");
                }
                for (int x = static_cast<unsigned char>(c); x <= static_cast<unsigned char>(hi);
                     ++x)
                    chars += static_cast<char>(x);
                continue;
            }
            chars += c;
        }
        if (pos_ >= text_.size()) return fail("unterminated character class");
        ++pos_;  // ']'
        if (chars.empty()) return fail("empty character class");
        return true;
    }

    bool atom(Atom& a, int depth) {
        const char c = text_[pos_++];
        switch (c) {
            case '(': {
                if (text_.substr(pos_, 2) == "?:") {
                    pos_ += 2;
                } else if (pos_ < text_.size() && text_[pos_] == '?') {
                    return fail("lookarounds and named groups are not supported");
                }
                if (!alternatives(a, depth + 1)) return false;
                if (pos_ >= text_.size()) return fail("missing ')'");
                ++pos_;
                return true;
            }
            case '[':
                return characterClass(a.chars);
            case '.':
                a.chars = kAlnum;
                return true;
            case '\\':
                return escape(a.chars);
            case '^':
            case '$':
                a.group = true;  // an empty group: matches the empty string
                a.alternatives.emplace_back();
                return true;
            case '*':
            case '+':
            case '?':
            case '{':
                --pos_;
                return fail("nothing to repeat");
            default:
                a.chars = std::string(1, c);
                return true;
        }
    }

    bool number(int& v) {
        const std::size_t start = pos_;
        v = 0;
        while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
            v = v * 10 + (text_[pos_++] - '0');
            if (v > kMaxRepeat) return fail(fmt::format("repeat count above {}", kMaxRepeat));
        }
        return pos_ > start || fail("expected a number");
    }

    bool quantifier(Piece& p) {
        if (pos_ >= text_.size()) return true;
        switch (text_[pos_]) {
            case '?':
                p.min = 0;
                p.max = 1;
                break;
            case '*':
                p.min = 0;
                p.max = kOpenRepeat;
                break;
            case '+':
                p.min = 1;
                p.max = 1 + kOpenRepeat;
                break;
            case '{': {
                ++pos_;
                if (!number(p.min)) return false;
                p.max = p.min;
                if (pos_ < text_.size() && text_[pos_] == ',') {
                    ++pos_;
                    if (pos_ < text_.size() && text_[pos_] == '}') {
                        p.max = p.min + kOpenRepeat;
                    } else if (!number(p.max)) {
                        return false;
                    }
                }
                if (pos_ >= text_.size() || text_[pos_] != '}') return fail("expected '}'");
                if (p.max < p.min) return fail("repeat range out of order");
                break;
            }
            default:
                return true;
        }
        ++pos_;
        if (pos_ < text_.size() && text_[pos_] == '?') ++pos_;  // lazy: same strings
        return true;
    }

    std::string_view text_;
    std::string& error_;
    std::size_t pos_ = 0;
};

std::optional<RegexGenerator> RegexGenerator::compile(std::string_view pattern,
                                                      std::string& error) {
    RegexGenerator g;
    Parser parser(pattern, error);
    if (!parser.alternatives(g.root_, 0)) return std::nullopt;
    if (!parser.atEnd()) {
        error = fmt::format("unbalanced ')' in regex \"{}\"", pattern);
        return std::nullopt;
    }
    if (longest(g.root_) > kMaxLength) {
        error = fmt::format("regex \"{}\" makes strings longer than {} characters", pattern,
                            kMaxLength);
        return std::nullopt;
    }
    return g;
}

double RegexGenerator::longest(const Atom& atom) {
    if (!atom.group) return 1;
    double most = 0;
    for (const auto& seq : atom.alternatives) {
        double length = 0;
        for (const Piece& p : seq)
            length += p.max * longest(p.atom);
        most = std::max(most, length);
    }
    return most;
}

void RegexGenerator::emit(const Atom& atom, Rng& rng, std::string& out) {
    if (!atom.group) {
        out += atom.chars.size() == 1 ? atom.chars[0] : atom.chars[rng.below(atom.chars.size())];
        return;
    }
    const auto& seq = atom.alternatives.size() == 1
                          ? atom.alternatives[0]
                          : atom.alternatives[rng.below(atom.alternatives.size())];
    for (const Piece& p : seq) {
        const auto n = p.min == p.max ? p.min : static_cast<int>(rng.between(p.min, p.max));
        for (int i = 0; i < n; ++i)
            emit(p.atom, rng, out);
    }
}

void RegexGenerator::generate(Rng& rng, std::string& out) const {
    emit(root_, rng, out);
}

}  // namespace riverdelta::generate
