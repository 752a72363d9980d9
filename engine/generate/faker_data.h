#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace riverdelta::generate::faker_data {

// The few generic generators every Faker expression is made of. What an expression produces is
// data (its word list or its patterns and parameters in the table), not code of its own.
enum class Generator : std::uint8_t {
    Pick,            // one entry of `list`
    Template,        // one pattern of `list`, expanded (see Faker::compilePattern)
    Luhn,            // a pattern's digits followed by their Luhn check digit
    Iban,            // "CC" + BBAN pattern; the two check digits are computed (ISO 13616)
    AbaRouting,      // 8 digits from the pattern + the ABA routing check digit
    Ean,             // a pattern's digits + the EAN/GTIN check digit
    Isbn10,          // 9 digits + the ISBN-10 check character
    Uuid4,           // random (version 4) UUID
    Uuid7,           // time-ordered (version 7) UUID from the run clock
    Integer,         // uniform integer in [lo, hi]; no arguments
    IntegerBetween,  // 'min','max': uniform integer in [min, max) as DataFaker's numberBetween
    Digits,          // `count` digits, or 'n'
    RandomNumber,    // ['n'[,'strict']]: a number of up to n digits (exactly n when strict)
    Decimal,         // uniform in [lo, hi) with `count` decimals; or 'min','max'
    RandomDouble,    // 'maxDecimals','min','max'
    Characters,      // `lo`..`hi` characters of list[0]; or 'n' or 'min','max'
    Words,           // `count` words of `list`, or 'n'
    Sentence,        // a sentence of `list` words: `lo`..`hi` words, or exactly 'n'
    Paragraph,       // `lo`..`hi` sentences, or exactly 'n'
    Birthday,        // ['min','max'] ages, ['pattern']: a date `lo`..`hi` years before now
    Past,            // 'n','UNIT' | 'n','min','UNIT' [,'pattern']: before now
    Future,          // same, after now
    Between,         // 'from','to' [,'pattern']: between two dates
    Ahead,           // no arguments: `lo`..`hi` days after now, formatted with `format`
    Numerify,        // 'pattern': each # becomes a digit
    Letterify,       // 'pattern' [,'true']: each ? becomes a letter (upper case with 'true')
    Bothify,         // 'pattern' [,'true']: both
    Regexify,        // 'regex': a string the regular expression matches
    Option,          // 'a','b',...: one of the arguments
};

struct Expression {
    std::string_view name;  // as DataFaker spells it: "Provider.method"
    Generator generator;
    std::span<const std::string_view> list = {};
    double lo = 0;  // range or count parameters (see Generator)
    double hi = 0;
    int count = 0;                 // digits, decimals, words, ...
    std::string_view format = {};  // date pattern for date generators
    bool internal = false;         // a building block of other patterns, not for templates
};

// Every expression, public ones and the internal building blocks.
std::span<const Expression> expressions();

// Word lists that tests compare against.
std::span<const std::string_view> firstNames();
std::span<const std::string_view> lastNames();
std::span<const std::string_view> cities();
std::span<const std::string_view> countries();
std::span<const std::string_view> states();
std::span<const std::string_view> stateAbbreviations();
std::span<const std::string_view> loremWords();

}  // namespace riverdelta::generate::faker_data
