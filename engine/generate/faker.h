#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/generate/rng.h"

namespace riverdelta::generate {

// The Faker expressions that `string` templates understand (`#{Name.firstName}`,
// `#{Number.numberBetween '1','10'}`), spelled like DataFaker's (camelCase or snake_case, any
// letter case). What each expression makes is data (faker_data.cpp); `parse` compiles an
// expression and its arguments once, and `generate` appends a value without allocating or
// looking anything up by name.
class Faker {
  public:
    struct Compiled;  // a bound expression (faker.cpp)

    // A compiled expression, cheap to copy; shares the immutable compiled form.
    struct Call {
        std::shared_ptr<const Compiled> compiled;
    };

    // Parses "Name.firstName" or "Date.birthday '18','80'" / "Date.birthday 'yyyy-MM-dd'".
    // Unknown names fail with an error starting "unknown Faker expression"; wrong arguments
    // with a message that says what the expression takes.
    static std::optional<Call> parse(std::string_view expression, std::string& error);
    // Canonical names of every expression, for "did you mean" suggestions and documentation.
    static const std::vector<std::string>& names();
    // Where the `}` that closes a `#{` opened before `from` is: the first one outside 'quoted'
    // arguments, so `#{regexify '[a-z]{3}'}` is one expression. npos when there is none.
    static std::size_t closingBrace(std::string_view text, std::size_t from);
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
