#pragma once

// The compiled form of a Faker expression, shared by the compiler (faker_compiler.cpp) and the
// evaluator (faker.cpp). Not for other code: use Faker.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/generate/faker.h"
#include "engine/generate/faker_data.h"
#include "engine/generate/regex_generator.h"

namespace riverdelta::generate {

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

    const faker_data::Expression* expression = nullptr;
    faker_data::Generator generator = faker_data::Generator::Pick;
    std::span<const std::string_view> words;  // Pick, Words, Sentence, Characters (list[0])
    std::vector<std::vector<Op>> patterns;    // one is chosen per value
    std::int64_t lo = 0, hi = 0;              // integer range, lengths, counts, ms offsets
    double low = 0, high = 0;                 // decimal range
    int decimals = 0;
    bool trimDecimals = false;       // RandomDouble prints like Java's Double.toString
    bool past = false;               // dates: offsets go back in time
    std::string format;              // dates
    std::vector<std::string> owned;  // argument text the ops and choices point into
    std::vector<std::string_view> choices;
    std::vector<std::unique_ptr<Compiled>> children;  // sub-expressions with arguments
    std::optional<RegexGenerator> regex;
};

}  // namespace riverdelta::generate
