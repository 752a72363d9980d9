// The Faker expressions as data: word lists and patterns, written for Riverdelta.
//
// Pattern syntax (Generator::Template, Luhn, Iban, ...):
//   #{Provider.method 'arg',...}  another expression; `|lower` or `|upper` before `}` changes case
//   #  a digit        %  a digit 1-9       ?  an upper-case letter     ^  a lower-case hex digit
//   [lo-hi]  an integer in [lo, hi], zero-padded to the width of `lo` when `lo` starts with 0
//   \x  the character x
// A list of patterns picks one pattern per value; repeating a pattern weighs it.
//
// This file holds the sections without a domain of their own (Lorem, Number, Date, Bool and
// DataFaker's helpers) and joins all sections into the table; faker_people_data.cpp,
// faker_internet_data.cpp and faker_commerce_data.cpp hold the others.
#include "engine/generate/faker_data.h"

#include <array>
#include <vector>

#include "engine/generate/faker_data_sections.h"

namespace riverdelta::generate::faker_data {

namespace {

using namespace std::string_view_literals;
using G = Generator;

// ---- Lorem -------------------------------------------------------------------------------------
constexpr std::array kLorem = {
    "river"sv,   "delta"sv,   "stream"sv, "current"sv, "bank"sv,   "bridge"sv,  "harbour"sv,
    "tide"sv,    "estuary"sv, "reed"sv,   "willow"sv,  "ferry"sv,  "lantern"sv, "morning"sv,
    "evening"sv, "quiet"sv,   "bright"sv, "gentle"sv,  "swift"sv,  "calm"sv,    "wide"sv,
    "narrow"sv,  "stone"sv,   "water"sv,  "light"sv,   "shadow"sv, "north"sv,   "south"sv,
    "travel"sv,  "journey"sv, "rest"sv,   "window"sv,  "garden"sv, "path"sv,    "meadow"sv,
    "cloud"sv,   "rain"sv,    "sun"sv,    "wind"sv,    "salt"sv,   "sand"sv,    "shore"sv,
    "island"sv,  "valley"sv,  "hill"sv,   "forest"sv,  "field"sv,  "road"sv,    "market"sv,
    "square"sv,  "tower"sv,   "clock"sv,  "bell"sv,    "boat"sv,   "sail"sv,    "anchor"sv,
    "map"sv,     "compass"sv, "letter"sv, "story"sv,   "song"sv,   "table"sv,   "bread"sv,
    "coffee"sv,  "tea"sv,     "honey"sv,  "amber"sv,   "silver"sv, "green"sv,   "blue"sv,
};
constexpr std::array kLoremSupplemental = {
    "abundant"sv, "ancient"sv, "balance"sv, "candle"sv,  "distant"sv, "ember"sv,
    "fragile"sv,  "harvest"sv, "hollow"sv,  "journal"sv, "kindle"sv,  "linger"sv,
    "mosaic"sv,   "nimble"sv,  "orbit"sv,   "pebble"sv,  "quarry"sv,  "ripple"sv,
    "scatter"sv,  "thistle"sv, "umber"sv,   "velvet"sv,  "wander"sv,  "zephyr"sv,
};
constexpr std::array kLoremChars = {"abcdefghijklmnopqrstuvwxyz0123456789"sv};
constexpr std::array kLetters = {"abcdefghijklmnopqrstuvwxyz"sv};
constexpr std::array kBool = {"true"sv, "false"sv};

// The sections of the expression table kept here: Lorem, Number, Date, Bool and DataFaker's
// top-level helpers. Names follow DataFaker 2.4 (the version ShadowTraffic documents).
constexpr auto kLoremSection = std::to_array<Expression>({
    // Lorem
    {"Lorem.word", G::Pick, all(kLorem)},
    {"Lorem.words", G::Words, all(kLorem), 0, 0, 3},
    {"Lorem.sentence", G::Sentence, all(kLorem), 4, 10},
    {"Lorem.paragraph", G::Paragraph, all(kLorem), 3, 5},
    {"Lorem.character", G::Characters, all(kLoremChars), 1, 1},
    {"Lorem.characters", G::Characters, all(kLoremChars), 255, 255},
    {"Lorem.fixedString", G::Characters, all(kLetters), 10, 10},
    {"Lorem.supplemental", G::Pick, all(kLoremSupplemental)},
});

constexpr auto kNumber = std::to_array<Expression>({
    // Number
    {"Number.digit", G::Integer, {}, 0, 9},
    {"Number.randomDigit", G::Integer, {}, 0, 9},
    {"Number.randomDigitNotZero", G::Integer, {}, 1, 9},
    {"Number.digits", G::Digits, {}, 0, 0, 1},
    {"Number.numberBetween", G::IntegerBetween},
    {"Number.randomNumber", G::RandomNumber},
    {"Number.randomDouble", G::RandomDouble},
    {"Number.positive", G::Integer, {}, 1, 2147483647},
    {"Number.negative", G::Integer, {}, -2147483648.0, -1},
});

constexpr auto kDate = std::to_array<Expression>({
    // Date, TimeAndDate
    {"Date.birthday", G::Birthday, {}, 18, 65, 0, "yyyy-MM-dd"},
    {"Date.birthdayLocalDate", G::Birthday, {}, 18, 65, 0, "yyyy-MM-dd"},
    {"Date.past", G::Past, {}, 0, 0, 0, "yyyy-MM-dd HH:mm:ss.SSS"},
    {"Date.future", G::Future, {}, 0, 0, 0, "yyyy-MM-dd HH:mm:ss.SSS"},
    {"Date.between", G::Between, {}, 0, 0, 0, "yyyy-MM-dd HH:mm:ss.SSS"},
    {"TimeAndDate.birthday", G::Birthday, {}, 18, 65, 0, "yyyy-MM-dd"},
    {"TimeAndDate.past", G::Past, {}, 0, 0, 0, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"},
    {"TimeAndDate.future", G::Future, {}, 0, 0, 0, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"},
    {"TimeAndDate.between", G::Between, {}, 0, 0, 0, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"},
});

constexpr auto kBoolSection = std::to_array<Expression>({
    {"Bool.bool", G::Pick, all(kBool)},
});

constexpr auto kHelpers = std::to_array<Expression>({
    // DataFaker's top-level helpers
    {"numerify", G::Numerify},
    {"letterify", G::Letterify},
    {"bothify", G::Bothify},
    {"regexify", G::Regexify},
    {"Options.option", G::Option},
});

}  // namespace

std::span<const Expression> expressions() {
    // The sections in the table's order (Faker::names() lists them so).
    static const std::vector<Expression> table = [] {
        std::vector<Expression> joined;
        for (auto section :
             {nameAndAddressExpressions(), internetExpressions(), commerceExpressions(),
              std::span<const Expression>(kLoremSection), std::span<const Expression>(kNumber),
              phoneNumberExpressions(), std::span<const Expression>(kDate), idNumberExpressions(),
              codeExpressions(), std::span<const Expression>(kBoolSection), currencyExpressions(),
              std::span<const Expression>(kHelpers)})
            joined.insert(joined.end(), section.begin(), section.end());
        return joined;
    }();
    return table;
}
std::span<const std::string_view> loremWords() {
    return kLorem;
}

}  // namespace riverdelta::generate::faker_data
