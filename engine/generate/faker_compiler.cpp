// Compiles Faker expressions from the data table (faker_data.cpp) into Faker::Compiled.
#include "engine/generate/faker_compiler.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <unordered_map>

namespace riverdelta::generate::faker_compiler {

namespace {

using faker_data::Expression;
using faker_data::Generator;
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

}  // namespace

std::shared_ptr<const Compiled> compile(std::string_view expression, std::string& error) {
    const Registry& registry = Registry::instance();
    std::string_view name;
    std::vector<std::string_view> args;
    if (!splitCall(expression, name, args, error)) return nullptr;
    const auto found = registry.find(name, false);
    if (!found) {
        error = fmt::format("unknown Faker expression \"{}\"", name);
        return nullptr;
    }
    if (args.empty() && !needsArguments(found->expression->generator)) {
        if (!registry.standardError(found->index).empty()) {
            error = registry.standardError(found->index);
            return nullptr;
        }
        // The shared standard form lives as long as the program; nothing to own.
        return std::shared_ptr<const Compiled>(std::shared_ptr<const Compiled>(),
                                               registry.standard(found->index));
    }
    auto compiled = std::make_shared<Compiled>();
    Binder binder(registry, error);
    if (!binder.bind(*compiled, *found->expression, args)) return nullptr;
    return compiled;
}

const std::vector<std::string>& names() {
    return Registry::instance().names();
}

}  // namespace riverdelta::generate::faker_compiler
