#include "engine/generate/faker.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <iterator>
#include <unordered_map>

#include "engine/generate/faker_data.h"
#include "engine/generate/regex_generator.h"

namespace riverdelta::generate {

using faker_data::Expression;
using faker_data::Generator;

struct Faker::Compiled {
    // One step of a compiled pattern.
    enum class OpKind : std::uint8_t { Text, Digit, NonZeroDigit, Upper, Lower, Hex, Range, Sub };
    enum class Case : std::uint8_t { Keep, Lower, Upper };
    struct Op {
        OpKind kind = OpKind::Text;
        Case textCase = Case::Keep;
        int width = 0;  // Range: zero-padded width
        std::string_view text;
        std::int64_t lo = 0, hi = 0;
        const Compiled* sub = nullptr;
    };

    const Expression* expression = nullptr;
    Generator generator = Generator::Pick;
    std::span<const std::string_view> words;  // Pick, Words, Sentence, Characters (list[0])
    std::vector<std::vector<Op>> patterns;    // one is chosen per value
    std::int64_t lo = 0, hi = 0;              // integer range, lengths, counts, ms offsets
    double low = 0, high = 0;                 // decimal range
    int decimals = 0;
    bool trimDecimals = false;       // RandomDouble prints like Java's Double.toString
    bool fromNow = true;             // dates: offsets from the run clock (else lo/hi are epoch ms)
    bool past = false;               // dates: offsets go back in time
    std::string format;              // dates
    std::vector<std::string> owned;  // argument text the ops and choices point into
    std::vector<std::string_view> choices;
    std::vector<std::unique_ptr<Compiled>> children;  // sub-expressions with arguments
    std::optional<RegexGenerator> regex;
};

namespace {

using Compiled = Faker::Compiled;
using Op = Compiled::Op;
using OpKind = Compiled::OpKind;
using Case = Compiled::Case;

// Lookups ignore case and underscores; internal building blocks keep a leading '_', which user
// input can never produce.
std::string keyOf(std::string_view name) {
    std::string out;
    if (!name.empty() && name.front() == '_') out += '_';
    for (char c : name) {
        if (c == '_') continue;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

bool needsArguments(Generator g) {
    switch (g) {
        case Generator::IntegerBetween:
        case Generator::RandomDouble:
        case Generator::Past:
        case Generator::Future:
        case Generator::Between:
        case Generator::Numerify:
        case Generator::Letterify:
        case Generator::Bothify:
        case Generator::Regexify:
        case Generator::Option:
            return true;
        default:
            return false;
    }
}

// What an expression accepts, for error messages.
std::string_view usage(Generator g) {
    switch (g) {
        case Generator::IntegerBetween:
            return "'min','max' (integers; max is exclusive)";
        case Generator::Digits:
            return "an optional count 'n'";
        case Generator::RandomNumber:
            return "an optional digit count 'n' and 'true' for exactly n digits";
        case Generator::Decimal:
            return "optional 'min','max'";
        case Generator::RandomDouble:
            return "'maxDecimals','min','max'";
        case Generator::Characters:
            return "an optional length 'n' or 'min','max'";
        case Generator::Words:
        case Generator::Sentence:
            return "an optional word count 'n'";
        case Generator::Paragraph:
            return "an optional sentence count 'n'";
        case Generator::Birthday:
            return "optional ages 'min','max' and/or a date pattern like 'yyyy-MM-dd'";
        case Generator::Past:
        case Generator::Future:
            return "'atMost','UNIT' or 'atMost','minimum','UNIT' (UNIT one of DAYS HOURS MINUTES "
                   "SECONDS MILLISECONDS), then an optional date pattern";
        case Generator::Between:
            return "'from','to' as 'yyyy-MM-dd' or 'yyyy-MM-dd HH:mm:ss', then an optional "
                   "date pattern";
        case Generator::Numerify:
            return "a pattern where # becomes a digit";
        case Generator::Letterify:
            return "a pattern where ? becomes a letter, and optionally 'true' for upper case";
        case Generator::Bothify:
            return "a pattern where # becomes a digit and ? a letter, and optionally 'true' for "
                   "upper case";
        case Generator::Regexify:
            return "a regular expression";
        case Generator::Option:
            return "one or more choices 'a','b',...";
        default:
            return "no arguments";
    }
}

std::optional<std::int64_t> toInt(std::string_view s) {
    std::int64_t v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<double> toDouble(std::string_view s) {
    double v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v)) {
        return std::nullopt;
    }
    return v;
}

std::optional<bool> toBool(std::string_view s) {
    std::string k = keyOf(s);
    if (k == "true") return true;
    if (k == "false") return false;
    return std::nullopt;
}

// Days from 1970-01-01 of a civil date (Howard Hinnant's algorithm).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

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

// "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss" or "yyyy-MM-ddTHH:mm:ss" (UTC) to epoch ms.
std::optional<std::int64_t> parseDate(std::string_view s) {
    auto num = [&](std::size_t at, std::size_t len) -> std::optional<std::int64_t> {
        if (at + len > s.size()) return std::nullopt;
        for (std::size_t i = at; i < at + len; ++i)
            if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
        return toInt(s.substr(at, len));
    };
    auto y = num(0, 4), mo = num(5, 2), d = num(8, 2);
    if (!y || !mo || !d || s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    if (*mo < 1 || *mo > 12 || *d < 1 || *d > 31) return std::nullopt;
    std::int64_t ms =
        daysFromCivil(*y, static_cast<unsigned>(*mo), static_cast<unsigned>(*d)) * 86400000;
    if (s.size() == 10) return ms;
    auto h = num(11, 2), mi = num(14, 2), sec = num(17, 2);
    if (s.size() != 19 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' || !h ||
        !mi || !sec || *h > 23 || *mi > 59 || *sec > 59) {
        return std::nullopt;
    }
    return ms + ((*h * 60 + *mi) * 60 + *sec) * 1000;
}

std::optional<double> unitMs(std::string_view unit) {
    const std::string k = keyOf(unit);
    if (k == "days") return 86400000.0;
    if (k == "hours") return 3600000.0;
    if (k == "minutes") return 60000.0;
    if (k == "seconds") return 1000.0;
    if (k == "milliseconds") return 1.0;
    if (k == "microseconds") return 0.001;
    if (k == "nanoseconds") return 0.000001;
    return std::nullopt;
}

class Registry;

// Compiles patterns and calls; shared by user expressions and the data tables.
class Binder {
  public:
    Binder(const Registry& registry, std::string& error) : registry_(registry), error_(error) {}

    // Which characters a pattern treats as placeholders.
    enum class Mode : std::uint8_t { Data, Numerify, Letterify, Bothify };

    bool compilePattern(Compiled& owner, std::string_view text, Mode mode, bool upperLetters,
                        std::vector<Op>& ops);
    // Resolves "Provider.method 'args'" to a compiled call: the shared default form when it has
    // no arguments, else a new one owned by `owner`.
    const Compiled* resolve(Compiled& owner, std::string_view text, bool fromData);
    bool bind(Compiled& c, const Expression& e, const std::vector<std::string_view>& args);

  private:
    bool fail(std::string message) {
        error_ = std::move(message);
        return false;
    }
    bool bindDate(Compiled& c, const Expression& e, const std::vector<std::string_view>& args);

    const Registry& registry_;
    std::string& error_;
};

class Registry {
  public:
    static const Registry& instance() {
        static const Registry r;
        return r;
    }
    struct Found {
        std::size_t index;
        const Expression* expression;
    };
    std::optional<Found> find(std::string_view name, bool fromData) const {
        auto it = byKey_.find(keyOf(name));
        if (it == byKey_.end()) return std::nullopt;
        const Expression& e = faker_data::expressions()[it->second];
        if (e.internal && !fromData) return std::nullopt;
        return Found{it->second, &e};
    }
    // The argument-less form (valid only when the expression takes no required arguments).
    const Compiled* standard(std::size_t index) const { return standard_[index].get(); }
    const std::string& standardError(std::size_t index) const { return errors_[index]; }
    const std::vector<std::string>& names() const { return names_; }

  private:
    Registry() {
        const auto table = faker_data::expressions();
        for (std::size_t i = 0; i < table.size(); ++i) {
            byKey_.emplace(keyOf(table[i].name), i);
            if (!table[i].internal) names_.emplace_back(table[i].name);
            standard_.push_back(std::make_unique<Compiled>());
        }
        errors_.resize(table.size());
        // Patterns refer to other expressions' standard forms by pointer, so all exist first.
        for (std::size_t i = 0; i < table.size(); ++i) {
            if (needsArguments(table[i].generator)) continue;
            Binder binder(*this, errors_[i]);
            if (!binder.bind(*standard_[i], table[i], {})) {
                errors_[i] = fmt::format("Faker data of \"{}\": {}", table[i].name, errors_[i]);
            }
        }
    }

    std::unordered_map<std::string, std::size_t> byKey_;
    std::vector<std::unique_ptr<Compiled>> standard_;
    std::vector<std::string> errors_;
    std::vector<std::string> names_;
};

// Splits "Provider.method 'a','b'" and the quoted arguments (comma or space separated).
bool splitCall(std::string_view text, std::string_view& name, std::vector<std::string_view>& args,
               std::string& error) {
    const std::size_t sp = text.find_first_of(" \t");
    name = text.substr(0, sp);
    std::string_view rest = sp == std::string_view::npos ? std::string_view() : text.substr(sp + 1);
    std::size_t i = 0;
    while (i < rest.size()) {
        while (i < rest.size() && (rest[i] == ' ' || rest[i] == ',' || rest[i] == '\t'))
            ++i;
        if (i >= rest.size()) break;
        if (rest[i] != '\'') {
            error = fmt::format(
                "Faker arguments must be quoted, as in #{{Number.numberBetween '1','10'}} (in "
                "\"{}\")",
                text);
            return false;
        }
        const auto end = rest.find('\'', i + 1);
        if (end == std::string_view::npos) {
            error = fmt::format("unterminated quote in Faker arguments of \"{}\"", text);
            return false;
        }
        args.push_back(rest.substr(i + 1, end - i - 1));
        i = end + 1;
    }
    return true;
}

bool Binder::compilePattern(Compiled& owner, std::string_view text, Mode mode, bool upperLetters,
                            std::vector<Op>& ops) {
    const bool digits = mode == Mode::Data || mode == Mode::Numerify || mode == Mode::Bothify;
    const bool letters = mode == Mode::Data || mode == Mode::Letterify || mode == Mode::Bothify;
    auto literal = [&](std::size_t at, std::size_t len) {
        if (!ops.empty() && ops.back().kind == OpKind::Text &&
            ops.back().text.data() + ops.back().text.size() == text.data() + at) {
            ops.back().text =
                std::string_view(ops.back().text.data(), ops.back().text.size() + len);
        } else {
            ops.push_back(Op{.kind = OpKind::Text, .text = text.substr(at, len)});
        }
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (mode == Mode::Data && c == '#' && i + 1 < text.size() && text[i + 1] == '{') {
            const auto close = text.find('}', i + 2);
            if (close == std::string_view::npos) {
                return fail(fmt::format("unterminated \"#{{\" in pattern \"{}\"", text));
            }
            std::string_view inner = text.substr(i + 2, close - i - 2);
            Case textCase = Case::Keep;
            if (const auto bar = inner.rfind('|'); bar != std::string_view::npos) {
                const std::string_view how = inner.substr(bar + 1);
                if (how == "lower") {
                    textCase = Case::Lower;
                } else if (how == "upper") {
                    textCase = Case::Upper;
                } else {
                    return fail(fmt::format("unknown case \"{}\" in pattern \"{}\"", how, text));
                }
                inner = inner.substr(0, bar);
            }
            const Compiled* sub = resolve(owner, inner, true);
            if (sub == nullptr) return false;
            ops.push_back(Op{.kind = OpKind::Sub, .textCase = textCase, .sub = sub});
            i = close;
        } else if (mode == Mode::Data && c == '[') {
            const auto close = text.find(']', i + 1);
            const auto dash = text.find('-', i + 2);
            if (close == std::string_view::npos || dash == std::string_view::npos || dash > close) {
                return fail(fmt::format("bad range in pattern \"{}\" (use [lo-hi])", text));
            }
            const std::string_view loText = text.substr(i + 1, dash - i - 1);
            auto lo = toInt(loText), hi = toInt(text.substr(dash + 1, close - dash - 1));
            if (!lo || !hi || *hi < *lo) {
                return fail(fmt::format("bad range in pattern \"{}\" (use [lo-hi])", text));
            }
            const int width =
                loText.size() > 1 && loText.front() == '0' ? static_cast<int>(loText.size()) : 0;
            ops.push_back(Op{.kind = OpKind::Range, .width = width, .lo = *lo, .hi = *hi});
            i = close;
        } else if (mode == Mode::Data && c == '\\' && i + 1 < text.size()) {
            literal(i + 1, 1);
            ++i;
        } else if (digits && c == '#') {
            ops.push_back(Op{.kind = OpKind::Digit});
        } else if (mode == Mode::Data && c == '%') {
            ops.push_back(Op{.kind = OpKind::NonZeroDigit});
        } else if (letters && c == '?') {
            ops.push_back(Op{.kind = upperLetters ? OpKind::Upper : OpKind::Lower});
        } else if (mode == Mode::Data && c == '^') {
            ops.push_back(Op{.kind = OpKind::Hex});
        } else {
            literal(i, 1);
        }
    }
    return true;
}

const Compiled* Binder::resolve(Compiled& owner, std::string_view text, bool fromData) {
    std::string_view name;
    std::vector<std::string_view> args;
    if (!splitCall(text, name, args, error_)) return nullptr;
    const auto found = registry_.find(name, fromData);
    if (!found) {
        fail(fmt::format("unknown Faker expression \"{}\"", name));
        return nullptr;
    }
    if (args.empty() && !needsArguments(found->expression->generator)) {
        return registry_.standard(found->index);
    }
    auto child = std::make_unique<Compiled>();
    if (!bind(*child, *found->expression, args)) return nullptr;
    owner.children.push_back(std::move(child));
    return owner.children.back().get();
}

bool Binder::bindDate(Compiled& c, const Expression& e, const std::vector<std::string_view>& args) {
    c.format = std::string(e.format);
    auto setFormat = [&](std::string_view pattern) {
        std::string problem = Faker::checkPattern(pattern);
        if (!problem.empty()) return fail(fmt::format("{}: {}", e.name, problem));
        c.format = std::string(pattern);
        return true;
    };
    const auto bad = [&] { return fail(fmt::format("{} takes {}", e.name, usage(e.generator))); };
    switch (e.generator) {
        case Generator::Birthday: {
            std::vector<std::int64_t> ages;
            for (auto a : args) {
                if (auto v = toInt(a)) {
                    ages.push_back(*v);
                } else if (!setFormat(a)) {
                    return false;
                }
            }
            c.lo = static_cast<std::int64_t>(e.lo);
            c.hi = static_cast<std::int64_t>(e.hi);
            if (ages.size() == 2) {
                c.lo = ages[0];
                c.hi = ages[1];
            } else if (!ages.empty()) {
                return bad();
            }
            if (c.lo < 0 || c.hi < c.lo || c.hi > 200) {
                return fail(fmt::format("{} ages must satisfy 0 <= min <= max <= 200", e.name));
            }
            c.past = true;
            return true;
        }
        case Generator::Past:
        case Generator::Future: {
            if (args.size() < 2 || args.size() > 4) return bad();
            std::size_t unitAt = 1;
            std::int64_t minimum = 0;
            if (args.size() >= 3 && toInt(args[1])) {
                minimum = *toInt(args[1]);
                unitAt = 2;
            }
            auto atMost = toInt(args[0]);
            auto unit = unitMs(args[unitAt]);
            if (!atMost || !unit || *atMost < 0 || minimum < 0 || minimum > *atMost) return bad();
            if (args.size() > unitAt + 2) return bad();
            if (args.size() == unitAt + 2 && !setFormat(args[unitAt + 1])) return false;
            c.lo = static_cast<std::int64_t>(static_cast<double>(minimum) * *unit);
            c.hi = static_cast<std::int64_t>(static_cast<double>(*atMost) * *unit);
            c.past = e.generator == Generator::Past;
            return true;
        }
        case Generator::Between: {
            if (args.size() < 2 || args.size() > 3) return bad();
            auto from = parseDate(args[0]), to = parseDate(args[1]);
            if (!from || !to) return bad();
            if (*to < *from) return fail(fmt::format("{}: 'from' is after 'to'", e.name));
            if (args.size() == 3 && !setFormat(args[2])) return false;
            c.lo = *from;
            c.hi = *to;
            c.fromNow = false;
            return true;
        }
        default:  // Ahead
            if (!args.empty()) return bad();
            c.lo = static_cast<std::int64_t>(e.lo * 86400000.0);
            c.hi = static_cast<std::int64_t>(e.hi * 86400000.0);
            return true;
    }
}

bool Binder::bind(Compiled& c, const Expression& e, const std::vector<std::string_view>& args) {
    c.expression = &e;
    c.generator = e.generator;
    c.words = e.list;
    const auto bad = [&] { return fail(fmt::format("{} takes {}", e.name, usage(e.generator))); };
    const auto noArguments = [&] {
        if (args.empty()) return true;
        return fail(fmt::format("Faker expression \"{}\" takes no arguments", e.name));
    };
    // Keeps argument text alive for the views into it.
    const auto keep = [&](std::string_view s) -> std::string_view {
        return c.owned.emplace_back(s);
    };
    c.owned.reserve(args.size());
    switch (e.generator) {
        case Generator::Pick:
        case Generator::Uuid4:
        case Generator::Uuid7:
        case Generator::Isbn10:
            return noArguments();
        case Generator::Template:
        case Generator::Luhn:
        case Generator::Iban:
        case Generator::AbaRouting:
        case Generator::Ean:
            if (!noArguments()) return false;
            for (std::string_view p : e.list) {
                if (!compilePattern(c, p, Mode::Data, true, c.patterns.emplace_back())) {
                    return false;
                }
            }
            return true;
        case Generator::Integer:
            if (!noArguments()) return false;
            c.lo = static_cast<std::int64_t>(e.lo);
            c.hi = static_cast<std::int64_t>(e.hi);
            return true;
        case Generator::IntegerBetween: {
            if (args.size() != 2) return bad();
            auto lo = toInt(args[0]), hi = toInt(args[1]);
            if (!lo || !hi) return bad();
            if (*hi < *lo) return fail(fmt::format("{}: min {} is above max {}", e.name, *lo, *hi));
            c.lo = *lo;
            c.hi = *hi > *lo ? *hi - 1 : *hi;
            return true;
        }
        case Generator::Digits:
        case Generator::Words:
        case Generator::Paragraph:
        case Generator::Sentence: {
            if (args.size() > 1) return bad();
            c.lo = e.generator == Generator::Digits || e.generator == Generator::Words
                       ? e.count
                       : static_cast<std::int64_t>(e.lo);
            c.hi = e.generator == Generator::Digits || e.generator == Generator::Words
                       ? e.count
                       : static_cast<std::int64_t>(e.hi);
            if (args.size() == 1) {
                auto n = toInt(args[0]);
                if (!n || *n < 1 || *n > 10000) return bad();
                c.lo = c.hi = *n;
            }
            return true;
        }
        case Generator::RandomNumber: {
            if (args.size() > 2) return bad();
            c.lo = 0;
            c.hi = 10;  // digits
            if (!args.empty()) {
                auto n = toInt(args[0]);
                if (!n || *n < 1 || *n > 18) {
                    return fail(fmt::format("{}: the digit count must be 1 to 18", e.name));
                }
                c.hi = *n;
            }
            if (args.size() == 2) {
                auto strict = toBool(args[1]);
                if (!strict) return bad();
                c.lo = *strict ? 1 : 0;  // 1: exactly n digits
            }
            return true;
        }
        case Generator::Decimal: {
            c.low = e.lo;
            c.high = e.hi;
            c.decimals = e.count;
            if (args.empty()) return true;
            if (args.size() != 2) return bad();
            auto lo = toDouble(args[0]), hi = toDouble(args[1]);
            if (!lo || !hi) return bad();
            if (*hi < *lo) return fail(fmt::format("{}: min is above max", e.name));
            c.low = *lo;
            c.high = *hi;
            return true;
        }
        case Generator::RandomDouble: {
            if (args.size() != 3) return bad();
            auto decimals = toInt(args[0]);
            auto lo = toDouble(args[1]), hi = toDouble(args[2]);
            if (!decimals || !lo || !hi || *decimals < 0 || *decimals > 15) return bad();
            if (*hi < *lo) return fail(fmt::format("{}: min is above max", e.name));
            c.decimals = static_cast<int>(*decimals);
            c.low = *lo;
            c.high = *hi;
            c.trimDecimals = true;
            return true;
        }
        case Generator::Characters: {
            if (e.list.empty() || e.list[0].empty()) return fail("no characters to choose from");
            c.lo = static_cast<std::int64_t>(e.lo);
            c.hi = static_cast<std::int64_t>(e.hi);
            if (args.size() > 2) return bad();
            if (!args.empty()) {
                auto lo = toInt(args[0]);
                auto hi = args.size() == 2 ? toInt(args[1]) : lo;
                if (!lo || !hi || *lo < 0 || *hi < *lo || *hi > 100000) return bad();
                c.lo = *lo;
                c.hi = *hi;
            }
            return true;
        }
        case Generator::Birthday:
        case Generator::Past:
        case Generator::Future:
        case Generator::Between:
        case Generator::Ahead:
            return bindDate(c, e, args);
        case Generator::Numerify:
        case Generator::Letterify:
        case Generator::Bothify: {
            const bool takesCase = e.generator != Generator::Numerify;
            if (args.empty() || args.size() > (takesCase ? 2u : 1u)) return bad();
            bool upper = false;
            if (args.size() == 2) {
                auto b = toBool(args[1]);
                if (!b) return bad();
                upper = *b;
            }
            const Mode mode = e.generator == Generator::Numerify    ? Mode::Numerify
                              : e.generator == Generator::Letterify ? Mode::Letterify
                                                                    : Mode::Bothify;
            return compilePattern(c, keep(args[0]), mode, upper, c.patterns.emplace_back());
        }
        case Generator::Regexify: {
            if (args.size() != 1) return bad();
            std::string problem;
            c.regex = RegexGenerator::compile(args[0], problem);
            if (!c.regex) return fail(fmt::format("{}: {}", e.name, problem));
            return true;
        }
        case Generator::Option:
            if (args.empty()) return bad();
            for (auto a : args)
                c.choices.push_back(keep(a));
            return true;
    }
    return bad();
}

// ---- evaluation -------------------------------------------------------------------------------

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
    return Registry::instance().names();
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
    const Registry& registry = Registry::instance();
    std::string_view name;
    std::vector<std::string_view> args;
    if (!splitCall(expression, name, args, error)) return std::nullopt;
    const auto found = registry.find(name, false);
    if (!found) {
        error = fmt::format("unknown Faker expression \"{}\"", name);
        return std::nullopt;
    }
    if (args.empty() && !needsArguments(found->expression->generator)) {
        if (!registry.standardError(found->index).empty()) {
            error = registry.standardError(found->index);
            return std::nullopt;
        }
        // The shared standard form lives as long as the program; nothing to own.
        return Call{std::shared_ptr<const Compiled>(std::shared_ptr<const Compiled>(),
                                                    registry.standard(found->index))};
    }
    auto compiled = std::make_shared<Compiled>();
    Binder binder(registry, error);
    if (!binder.bind(*compiled, *found->expression, args)) return std::nullopt;
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
