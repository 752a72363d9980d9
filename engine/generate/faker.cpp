// Evaluates compiled Faker expressions; compiling them is faker_compiler.cpp's job.
#include "engine/generate/faker.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <iterator>

#include "engine/generate/faker_compiled.h"
#include "engine/generate/faker_compiler.h"

namespace riverdelta::generate {

namespace {

using faker_data::Generator;
using Compiled = Faker::Compiled;
using Op = Compiled::Op;
using OpKind = Compiled::OpKind;
using Case = Compiled::Case;

// Days since 1970-01-01 to civil date.
void civil(std::int64_t days, std::int64_t& y, unsigned& m, unsigned& d) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
}

void appendInt(std::string& out, std::int64_t v, int width = 0) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    int len = static_cast<int>(r.ptr - buf);
    if (v < 0 && width > 0) {
        out += '-';
        for (int i = len; i < width + 1; ++i)
            out += '0';
        out.append(buf + 1, static_cast<std::size_t>(len - 1));
        return;
    }
    for (int i = len; i < width; ++i)
        out += '0';
    out.append(buf, static_cast<std::size_t>(len));
}

std::string_view pick(std::span<const std::string_view> list, Rng& rng) {
    return list.size() == 1 ? list[0] : list[rng.below(list.size())];
}

void appendDigits(std::string& out, Rng& rng, std::int64_t n) {
    for (std::int64_t i = 0; i < n; ++i)
        out += static_cast<char>('0' + rng.below(10));
}

void sentence(std::string& out, std::span<const std::string_view> words, Rng& rng,
              std::int64_t count) {
    for (std::int64_t i = 0; i < count; ++i) {
        std::string_view w = pick(words, rng);
        if (i == 0) {
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
            out.append(w.substr(1));
        } else {
            out += ' ';
            out.append(w);
        }
    }
    out += '.';
}

std::int64_t inRange(Rng& rng, std::int64_t lo, std::int64_t hi) {
    return lo == hi ? lo : rng.between(lo, hi);
}

void appendDecimal(std::string& out, double v, int decimals, bool trim) {
    const std::size_t start = out.size();
    fmt::format_to(std::back_inserter(out), "{:.{}f}", v, decimals);
    // "-0.000" reads oddly; the value is zero.
    if (out[start] == '-' && out.find_first_of("123456789", start) == std::string::npos) {
        out.erase(start, 1);
    }
    if (!trim) return;
    if (decimals == 0) {
        out.append(".0");
        return;
    }
    while (out.back() == '0' && out[out.size() - 2] != '.')
        out.pop_back();
}

void run(const Compiled& c, Rng& rng, std::int64_t nowMs, std::string& out);

void expand(const std::vector<Op>& ops, Rng& rng, std::int64_t nowMs, std::string& out) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (const Op& op : ops) {
        switch (op.kind) {
            case OpKind::Text:
                out.append(op.text);
                break;
            case OpKind::Digit:
                out += static_cast<char>('0' + rng.below(10));
                break;
            case OpKind::NonZeroDigit:
                out += static_cast<char>('1' + rng.below(9));
                break;
            case OpKind::Upper:
                out += static_cast<char>('A' + rng.below(26));
                break;
            case OpKind::Lower:
                out += static_cast<char>('a' + rng.below(26));
                break;
            case OpKind::Hex:
                out += kHex[rng.below(16)];
                break;
            case OpKind::Range:
                appendInt(out, inRange(rng, op.lo, op.hi), op.width);
                break;
            case OpKind::Sub: {
                const std::size_t start = out.size();
                run(*op.sub, rng, nowMs, out);
                if (op.textCase == Case::Keep) break;
                for (std::size_t i = start; i < out.size(); ++i) {
                    const auto u = static_cast<unsigned char>(out[i]);
                    out[i] = static_cast<char>(op.textCase == Case::Lower ? std::tolower(u)
                                                                          : std::toupper(u));
                }
                break;
            }
        }
    }
}

const std::vector<Op>& choosePattern(const Compiled& c, Rng& rng) {
    return c.patterns.size() == 1 ? c.patterns[0] : c.patterns[rng.below(c.patterns.size())];
}

// Digits of out[start..] (separators skipped), right to left, as Luhn/EAN weights need.
template <typename F>
void digitsFromRight(const std::string& out, std::size_t start, F&& f) {
    int position = 0;
    for (std::size_t i = out.size(); i-- > start;) {
        if (out[i] >= '0' && out[i] <= '9') f(out[i] - '0', position++);
    }
}

void appendUuid(std::string& out, std::uint64_t a, std::uint64_t b) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
        const std::uint64_t w = i < 16 ? a : b;
        out += kHex[(w >> (60 - 4 * (i % 16))) & 15];
    }
}

void run(const Compiled& c, Rng& rng, std::int64_t nowMs, std::string& out) {
    switch (c.generator) {
        case Generator::Pick:
            out.append(pick(c.words, rng));
            return;
        case Generator::Template:
        case Generator::Numerify:
        case Generator::Letterify:
        case Generator::Bothify:
            expand(choosePattern(c, rng), rng, nowMs, out);
            return;
        case Generator::Luhn: {
            const std::size_t start = out.size();
            expand(choosePattern(c, rng), rng, nowMs, out);
            int sum = 0;
            // The check digit goes to the right, so the payload's last digit is doubled.
            digitsFromRight(out, start, [&](int d, int pos) {
                if (pos % 2 == 0) {
                    d *= 2;
                    if (d > 9) d -= 9;
                }
                sum += d;
            });
            out += static_cast<char>('0' + (10 - sum % 10) % 10);
            return;
        }
        case Generator::Ean: {
            const std::size_t start = out.size();
            expand(choosePattern(c, rng), rng, nowMs, out);
            int sum = 0;
            digitsFromRight(out, start, [&](int d, int pos) { sum += pos % 2 == 0 ? 3 * d : d; });
            out += static_cast<char>('0' + (10 - sum % 10) % 10);
            return;
        }
        case Generator::Isbn10: {
            int sum = 0;
            for (int i = 1; i <= 9; ++i) {
                const int d = static_cast<int>(rng.below(10));
                sum += i * d;
                out += static_cast<char>('0' + d);
            }
            const int check = sum % 11;
            out += check == 10 ? 'X' : static_cast<char>('0' + check);
            return;
        }
        case Generator::AbaRouting: {
            const std::size_t start = out.size();
            expand(choosePattern(c, rng), rng, nowMs, out);
            static constexpr int kWeights[] = {3, 7, 1, 3, 7, 1, 3, 7};
            int sum = 0;
            for (std::size_t i = 0; i < 8 && start + i < out.size(); ++i)
                sum += kWeights[i] * (out[start + i] - '0');
            out += static_cast<char>('0' + (10 - sum % 10) % 10);
            return;
        }
        case Generator::Iban: {
            const std::size_t start = out.size();
            expand(choosePattern(c, rng), rng, nowMs, out);
            out.insert(start + 2, "00");
            // ISO 7064 mod 97-10 over BBAN + country + "00", letters as 10..35.
            int mod = 0;
            auto feed = [&](char ch) {
                if (ch >= '0' && ch <= '9') {
                    mod = (mod * 10 + (ch - '0')) % 97;
                } else {
                    const int v = std::toupper(static_cast<unsigned char>(ch)) - 'A' + 10;
                    mod = (mod * 100 + v) % 97;
                }
            };
            for (std::size_t i = start + 4; i < out.size(); ++i)
                feed(out[i]);
            for (std::size_t i = start; i < start + 4; ++i)
                feed(out[i]);
            const int check = 98 - mod;
            out[start + 2] = static_cast<char>('0' + check / 10);
            out[start + 3] = static_cast<char>('0' + check % 10);
            return;
        }
        case Generator::Uuid4: {
            std::uint64_t a = rng.next(), b = rng.next();
            a = (a & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
            b = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
            appendUuid(out, a, b);
            return;
        }
        case Generator::Uuid7: {
            const auto ms = static_cast<std::uint64_t>(nowMs) & 0xFFFFFFFFFFFFULL;
            std::uint64_t a = (ms << 16) | 0x7000ULL | (rng.next() & 0x0FFFULL);
            std::uint64_t b = (rng.next() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
            appendUuid(out, a, b);
            return;
        }
        case Generator::Integer:
        case Generator::IntegerBetween:
            appendInt(out, inRange(rng, c.lo, c.hi));
            return;
        case Generator::Digits:
            appendDigits(out, rng, c.lo);
            return;
        case Generator::RandomNumber: {
            std::int64_t limit = 1;
            for (std::int64_t i = 0; i < c.hi; ++i)
                limit *= 10;
            const std::int64_t lo = c.lo == 1 ? limit / 10 : 0;
            appendInt(out, rng.between(lo, limit - 1));
            return;
        }
        case Generator::Decimal:
        case Generator::RandomDouble: {
            const double v = c.low + rng.uniform() * (c.high - c.low);
            appendDecimal(out, v, c.decimals, c.trimDecimals);
            return;
        }
        case Generator::Characters: {
            const std::string_view chars = c.words[0];
            const std::int64_t n = inRange(rng, c.lo, c.hi);
            for (std::int64_t i = 0; i < n; ++i)
                out += chars[rng.below(chars.size())];
            return;
        }
        case Generator::Words: {
            for (std::int64_t i = 0; i < c.lo; ++i) {
                if (i) out += ' ';
                out.append(pick(c.words, rng));
            }
            return;
        }
        case Generator::Sentence:
            sentence(out, c.words, rng, inRange(rng, c.lo, c.hi));
            return;
        case Generator::Paragraph: {
            const std::int64_t n = inRange(rng, c.lo, c.hi);
            for (std::int64_t i = 0; i < n; ++i) {
                if (i) out += ' ';
                sentence(out, c.words, rng, inRange(rng, 4, 10));
            }
            return;
        }
        case Generator::Birthday: {
            constexpr double kYearMs = 365.2425 * 86400000.0;
            const double lo = static_cast<double>(c.lo) * kYearMs;
            const double hi = static_cast<double>(c.hi + 1) * kYearMs;
            const auto age = static_cast<std::int64_t>(lo + rng.uniform() * (hi - lo));
            Faker::formatTime(nowMs - age, c.format, out);
            return;
        }
        case Generator::Past:
        case Generator::Future:
        case Generator::Ahead: {
            const std::int64_t offset = inRange(rng, c.lo, c.hi);
            Faker::formatTime(c.past ? nowMs - offset : nowMs + offset, c.format, out);
            return;
        }
        case Generator::Between:
            Faker::formatTime(inRange(rng, c.lo, c.hi), c.format, out);
            return;
        case Generator::Regexify:
            c.regex->generate(rng, out);
            return;
        case Generator::Option:
            out.append(c.choices.size() == 1 ? c.choices[0]
                                             : c.choices[rng.below(c.choices.size())]);
            return;
    }
}

}  // namespace

std::span<const std::string_view> Faker::firstNames() {
    return faker_data::firstNames();
}
std::span<const std::string_view> Faker::lastNames() {
    return faker_data::lastNames();
}
std::span<const std::string_view> Faker::cities() {
    return faker_data::cities();
}
std::span<const std::string_view> Faker::countries() {
    return faker_data::countries();
}
std::span<const std::string_view> Faker::loremWords() {
    return faker_data::loremWords();
}

const std::vector<std::string>& Faker::names() {
    return faker_compiler::names();
}

std::string Faker::checkPattern(std::string_view pattern) {
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c == '\'') {
            auto end = pattern.find('\'', i + 1);
            if (end == std::string_view::npos) return "unterminated quote in date pattern";
            i = end;
            continue;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) &&
            std::string_view("yMdHmsS").find(c) == std::string_view::npos) {
            return fmt::format("unsupported letter '{}' in date pattern (use y M d H m s S)", c);
        }
    }
    return {};
}

void Faker::formatTime(std::int64_t epochMs, std::string_view pattern, std::string& out) {
    std::int64_t days = epochMs >= 0 ? epochMs / 86400000 : -((-epochMs + 86399999) / 86400000);
    std::int64_t msOfDay = epochMs - days * 86400000;
    std::int64_t y;
    unsigned mo, d;
    civil(days, y, mo, d);
    const std::int64_t h = msOfDay / 3600000, mi = msOfDay / 60000 % 60, s = msOfDay / 1000 % 60,
                       ms = msOfDay % 1000;
    for (std::size_t i = 0; i < pattern.size();) {
        char c = pattern[i];
        if (c == '\'') {
            auto end = pattern.find('\'', i + 1);
            if (end == std::string_view::npos) end = pattern.size();
            out.append(pattern.substr(i + 1, end - i - 1));
            i = end + 1;
            continue;
        }
        std::size_t run = 1;
        while (i + run < pattern.size() && pattern[i + run] == c)
            ++run;
        switch (c) {
            case 'y':
                if (run == 2) {
                    appendInt(out, ((y % 100) + 100) % 100, 2);
                } else {
                    appendInt(out, y, static_cast<int>(run));
                }
                break;
            case 'M':
                appendInt(out, mo, static_cast<int>(run));
                break;
            case 'd':
                appendInt(out, d, static_cast<int>(run));
                break;
            case 'H':
                appendInt(out, h, static_cast<int>(run));
                break;
            case 'm':
                appendInt(out, mi, static_cast<int>(run));
                break;
            case 's':
                appendInt(out, s, static_cast<int>(run));
                break;
            case 'S':
                appendInt(out, ms, 3);
                break;
            default:
                out.append(run, c);
        }
        i += run;
    }
}

std::optional<Faker::Call> Faker::parse(std::string_view expression, std::string& error) {
    auto compiled = faker_compiler::compile(expression, error);
    if (!compiled) return std::nullopt;
    return Call{std::move(compiled)};
}

std::size_t Faker::closingBrace(std::string_view text, std::size_t from) {
    bool quoted = false;
    for (std::size_t i = from; i < text.size(); ++i) {
        if (text[i] == '\'') {
            quoted = !quoted;
        } else if (text[i] == '}' && !quoted) {
            return i;
        }
    }
    return std::string_view::npos;
}

void Faker::generate(const Call& call, Rng& rng, std::int64_t nowMs, std::string& out) {
    run(*call.compiled, rng, nowMs, out);
}

}  // namespace riverdelta::generate
