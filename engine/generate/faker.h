#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/generate/rng.h"

namespace riverdelta::generate {

// The Faker expressions that `string` templates understand (`#{Name.firstName}`), written
// like Java Faker/DataFaker's (camelCase or snake_case). Word lists are our own, compiled in.
class Faker {
  public:
    enum class Kind : std::uint8_t {
        FirstName,
        LastName,
        FullName,
        NameTitle,
        Username,
        EmailAddress,
        DomainName,
        Url,
        Uuid,
        City,
        Country,
        CountryCode,
        StreetName,
        StreetAddress,
        BuildingNumber,
        ZipCode,
        FullAddress,
        CellPhone,
        PhoneNumber,
        Birthday,
        LoremWord,
        LoremWords,
        LoremSentence,
        LoremParagraph,
        Digit,
    };

    struct Call {
        Kind kind = Kind::FirstName;
        std::string format;  // Date.birthday pattern
        int minAge = 18;     // Date.birthday
        int maxAge = 65;
    };

    // Parses "Name.firstName" or "Date.birthday 'yyyy-MM-dd'" / "Date.birthday '18','80'".
    static std::optional<Call> parse(std::string_view expression, std::string& error);
    // Canonical names, for "did you mean" suggestions.
    static const std::vector<std::string>& names();
    // Appends a fake value to `out`.
    static void generate(const Call& call, Rng& rng, std::int64_t nowMs, std::string& out);

    // Formats epoch milliseconds (UTC) with a Java-style pattern (yyyy, yy, MM, dd, HH, mm, ss,
    // SSS and 'quoted' literals).
    static void formatTime(std::int64_t epochMs, std::string_view pattern, std::string& out);
    // Checks a pattern; returns an error message or empty.
    static std::string checkPattern(std::string_view pattern);

    // The word lists (exposed for tests).
    static std::span<const std::string_view> firstNames();
    static std::span<const std::string_view> lastNames();
    static std::span<const std::string_view> cities();
    static std::span<const std::string_view> countries();
    static std::span<const std::string_view> loremWords();
};

}  // namespace riverdelta::generate
