#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace riverdelta::generate {

// One address point of a country data set. Text fields are ids into GeolocationData's pool
// (0 is the empty string), so a row is small and equal names are stored once.
struct GeolocationRow {
    std::uint32_t number = 0;  // house number with prefix/suffix ("72", "1200 B")
    std::uint32_t street = 0;  // full street name ("Oak St", "N Lamar Blvd")
    std::uint32_t unit = 0;
    std::uint32_t city = 0;  // postal city
    std::uint32_t county = 0;
    std::uint32_t state = 0;  // as written in the file ("TX")
    std::uint32_t zipCode = 0;
    double latitude = 0;
    double longitude = 0;
};

// A country's address data set, read once when a scenario is compiled: the United States
// National Address Database's text release (a CSV whose header names the columns; see
// docs/scenario-language.md), or a file cut from it with the same header.
class GeolocationData {
  public:
    enum class Field : std::uint8_t { State, City, ZipCode };

    struct Problem {
        std::size_t line = 0;  // 1-based; 0 for the file as a whole
        std::string message;
    };

    // Parses `text`. Every malformed row is listed in `problems` (at most `maxProblems`, then
    // one line counting the rest); rows with problems are left out.
    static std::shared_ptr<const GeolocationData> parse(std::string_view text,
                                                        std::vector<Problem>& problems,
                                                        std::size_t maxProblems = 10);

    [[nodiscard]] std::span<const GeolocationRow> rows() const { return rows_; }
    [[nodiscard]] std::string_view text(std::uint32_t id) const { return pool_[id]; }
    // The id of `value` in the pool, or 0 when no row has it.
    [[nodiscard]] std::uint32_t find(std::string_view value) const;
    // Whether some row has `value` in `field`.
    [[nodiscard]] bool has(Field field, std::string_view value) const;
    // The distinct values of `field`, sorted (for "did you mean").
    [[nodiscard]] std::vector<std::string> distinct(Field field) const;
    [[nodiscard]] static std::uint32_t fieldOf(const GeolocationRow& row, Field field);

  private:
    std::uint32_t intern(std::string_view s);

    std::vector<GeolocationRow> rows_;
    std::deque<std::string> storage_;     // stable bytes of the pool
    std::vector<std::string_view> pool_;  // id -> text; pool_[0] is ""
    std::unordered_map<std::string_view, std::uint32_t> ids_;
};

// globalConfigs.geolocation.countryFiles after loading: the country files the scenario names.
struct GeolocationCatalog {
    struct Country {
        std::string file;                             // as resolved
        std::shared_ptr<const GeolocationData> data;  // null when the file could not be used
    };
    std::map<std::string, Country, std::less<>> countries;
};

// The countries whose data set layout Riverdelta reads (ShadowTraffic documents the same one).
const std::vector<std::string>& geolocationCountries();

}  // namespace riverdelta::generate
