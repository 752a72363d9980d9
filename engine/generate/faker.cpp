#include "engine/generate/faker.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>

namespace riverdelta::generate {

namespace {

using namespace std::string_view_literals;

// All lists below were written for Riverdelta.
constexpr std::array kFirstNames = {
    "Ada"sv,    "Aiko"sv,  "Alba"sv,  "Amara"sv,   "Anders"sv, "Anika"sv, "Arjun"sv, "Astrid"sv,
    "Basil"sv,  "Bea"sv,   "Bruno"sv, "Camila"sv,  "Carlos"sv, "Chen"sv,  "Clara"sv, "Dalia"sv,
    "Daniel"sv, "Dev"sv,   "Elena"sv, "Elias"sv,   "Emeka"sv,  "Emma"sv,  "Enzo"sv,  "Esme"sv,
    "Farah"sv,  "Felix"sv, "Freya"sv, "Gabriel"sv, "Greta"sv,  "Hana"sv,  "Hugo"sv,  "Ibrahim"sv,
    "Ines"sv,   "Isla"sv,  "Ivan"sv,  "Jada"sv,    "Jonas"sv,  "Julia"sv, "Kai"sv,   "Kamala"sv,
    "Karim"sv,  "Kenji"sv, "Lars"sv,  "Layla"sv,   "Leo"sv,    "Lina"sv,  "Lucas"sv, "Lucia"sv,
    "Maeve"sv,  "Malik"sv, "Mara"sv,  "Marco"sv,   "Maya"sv,   "Mei"sv,   "Milo"sv,  "Nadia"sv,
    "Nico"sv,   "Nina"sv,  "Noah"sv,  "Nora"sv,    "Olga"sv,   "Omar"sv,  "Oscar"sv, "Paloma"sv,
    "Pavel"sv,  "Priya"sv, "Quinn"sv, "Rafael"sv,  "Rania"sv,  "Ravi"sv,  "Rosa"sv,  "Ruben"sv,
    "Saanvi"sv, "Sam"sv,   "Sara"sv,  "Sean"sv,    "Sofia"sv,  "Soren"sv, "Tariq"sv, "Tess"sv,
    "Theo"sv,   "Tomas"sv, "Uma"sv,   "Vera"sv,    "Victor"sv, "Wanda"sv, "Wei"sv,   "Xavier"sv,
    "Yara"sv,   "Yusuf"sv, "Zara"sv,  "Zoe"sv,
};

constexpr std::array kLastNames = {
    "Abara"sv,      "Alvarez"sv,   "Andersen"sv, "Banerjee"sv,  "Barros"sv,    "Becker"sv,
    "Bianchi"sv,    "Brennan"sv,   "Castillo"sv, "Chowdhury"sv, "Costa"sv,     "Dalton"sv,
    "Delgado"sv,    "Dubois"sv,    "Eriksen"sv,  "Falk"sv,      "Fernandes"sv, "Fischer"sv,
    "Fontaine"sv,   "Garcia"sv,    "Gallo"sv,    "Haddad"sv,    "Hansen"sv,    "Hartmann"sv,
    "Holm"sv,       "Ibarra"sv,    "Ito"sv,      "Jansen"sv,    "Jovanovic"sv, "Kaur"sv,
    "Keller"sv,     "Kim"sv,       "Kowalski"sv, "Laine"sv,     "Larsen"sv,    "Lindqvist"sv,
    "Lopez"sv,      "Marchetti"sv, "Mendes"sv,   "Meyer"sv,     "Moreau"sv,    "Murphy"sv,
    "Nakamura"sv,   "Navarro"sv,   "Nguyen"sv,   "Novak"sv,     "Okafor"sv,    "Olsen"sv,
    "Ortiz"sv,      "Osei"sv,      "Park"sv,     "Patel"sv,     "Pereira"sv,   "Petrov"sv,
    "Quinlan"sv,    "Ramos"sv,     "Rao"sv,      "Reyes"sv,     "Ricci"sv,     "Rossi"sv,
    "Sato"sv,       "Schmidt"sv,   "Silva"sv,    "Singh"sv,     "Sorensen"sv,  "Suzuki"sv,
    "Tanaka"sv,     "Torres"sv,    "Varga"sv,    "Vogel"sv,     "Walsh"sv,     "Weber"sv,
    "Wiśniewski"sv, "Yamamoto"sv,  "Young"sv,    "Zhang"sv,     "Zimmer"sv,    "Zubiri"sv,
};

constexpr std::array kTitles = {"Mr."sv, "Ms."sv, "Mrs."sv, "Dr."sv, "Mx."sv};

constexpr std::array kCities = {
    "Amsterdam"sv, "Antwerp"sv,   "Barcelona"sv, "Bergen"sv,    "Berlin"sv,     "Bologna"sv,
    "Bordeaux"sv,  "Bristol"sv,   "Brno"sv,      "Cork"sv,      "Copenhagen"sv, "Dresden"sv,
    "Dublin"sv,    "Edinburgh"sv, "Florence"sv,  "Geneva"sv,    "Ghent"sv,      "Gothenburg"sv,
    "Graz"sv,      "Hamburg"sv,   "Helsinki"sv,  "Krakow"sv,    "Leeds"sv,      "Lisbon"sv,
    "Lyon"sv,      "Madrid"sv,    "Malaga"sv,    "Marseille"sv, "Milan"sv,      "Munich"sv,
    "Nantes"sv,    "Naples"sv,    "Oslo"sv,      "Porto"sv,     "Prague"sv,     "Riga"sv,
    "Rotterdam"sv, "Salzburg"sv,  "Seville"sv,   "Stockholm"sv, "Tallinn"sv,    "Toulouse"sv,
    "Turin"sv,     "Utrecht"sv,   "Valencia"sv,  "Vienna"sv,    "Vilnius"sv,    "Zurich"sv,
};

constexpr std::array kCountries = {
    "Austria"sv, "Belgium"sv,     "Canada"sv,         "Croatia"sv,       "Czechia"sv,
    "Denmark"sv, "Estonia"sv,     "Finland"sv,        "France"sv,        "Germany"sv,
    "Greece"sv,  "Iceland"sv,     "Ireland"sv,        "Italy"sv,         "Japan"sv,
    "Latvia"sv,  "Lithuania"sv,   "Mexico"sv,         "Netherlands"sv,   "New Zealand"sv,
    "Norway"sv,  "Poland"sv,      "Portugal"sv,       "Slovenia"sv,      "Spain"sv,
    "Sweden"sv,  "Switzerland"sv, "United Kingdom"sv, "United States"sv,
};

constexpr std::array kCountryCodes = {
    "AT"sv, "BE"sv, "CA"sv, "HR"sv, "CZ"sv, "DK"sv, "EE"sv, "FI"sv, "FR"sv, "DE"sv,
    "GR"sv, "IS"sv, "IE"sv, "IT"sv, "JP"sv, "LV"sv, "LT"sv, "MX"sv, "NL"sv, "NZ"sv,
    "NO"sv, "PL"sv, "PT"sv, "SI"sv, "ES"sv, "SE"sv, "CH"sv, "GB"sv, "US"sv};

constexpr std::array kStreetWords = {
    "Alder"sv,   "Bridge"sv,     "Canal"sv,  "Cedar"sv,  "Chapel"sv,  "Cherry"sv, "Cliff"sv,
    "Dock"sv,    "Elm"sv,        "Ferry"sv,  "Garden"sv, "Harbour"sv, "Hazel"sv,  "Heron"sv,
    "Juniper"sv, "Kingfisher"sv, "Lark"sv,   "Linden"sv, "Maple"sv,   "Meadow"sv, "Mill"sv,
    "Orchard"sv, "Otter"sv,      "Quay"sv,   "Reed"sv,   "River"sv,   "Rowan"sv,  "Salmon"sv,
    "Spring"sv,  "Station"sv,    "Willow"sv, "Weir"sv,
};
constexpr std::array kStreetSuffixes = {"Street"sv, "Lane"sv,    "Road"sv, "Avenue"sv, "Way"sv,
                                        "Close"sv,  "Terrace"sv, "Row"sv,  "Walk"sv,   "Place"sv};

constexpr std::array kDomains = {"example.com"sv,  "example.org"sv,  "example.net"sv,
                                 "mail.example"sv, "post.example"sv, "river.example"sv};

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

// Canonical names and the kind each maps to; lookups ignore case and underscores.
struct Entry {
    std::string_view name;
    Faker::Kind kind;
};
constexpr std::array kEntries = {
    Entry{"Name.firstName", Faker::Kind::FirstName},
    Entry{"Name.lastName", Faker::Kind::LastName},
    Entry{"Name.fullName", Faker::Kind::FullName},
    Entry{"Name.name", Faker::Kind::FullName},
    Entry{"Name.title", Faker::Kind::NameTitle},
    Entry{"Name.prefix", Faker::Kind::NameTitle},
    Entry{"Name.username", Faker::Kind::Username},
    Entry{"Internet.emailAddress", Faker::Kind::EmailAddress},
    Entry{"Internet.safeEmailAddress", Faker::Kind::EmailAddress},
    Entry{"Internet.domainName", Faker::Kind::DomainName},
    Entry{"Internet.url", Faker::Kind::Url},
    Entry{"Internet.uuid", Faker::Kind::Uuid},
    Entry{"Address.city", Faker::Kind::City},
    Entry{"Address.cityName", Faker::Kind::City},
    Entry{"Address.country", Faker::Kind::Country},
    Entry{"Address.countryCode", Faker::Kind::CountryCode},
    Entry{"Address.streetName", Faker::Kind::StreetName},
    Entry{"Address.streetAddress", Faker::Kind::StreetAddress},
    Entry{"Address.buildingNumber", Faker::Kind::BuildingNumber},
    Entry{"Address.zipCode", Faker::Kind::ZipCode},
    Entry{"Address.postcode", Faker::Kind::ZipCode},
    Entry{"Address.fullAddress", Faker::Kind::FullAddress},
    Entry{"PhoneNumber.cellPhone", Faker::Kind::CellPhone},
    Entry{"PhoneNumber.phoneNumber", Faker::Kind::PhoneNumber},
    Entry{"Date.birthday", Faker::Kind::Birthday},
    Entry{"Lorem.word", Faker::Kind::LoremWord},
    Entry{"Lorem.words", Faker::Kind::LoremWords},
    Entry{"Lorem.sentence", Faker::Kind::LoremSentence},
    Entry{"Lorem.paragraph", Faker::Kind::LoremParagraph},
    Entry{"Number.digit", Faker::Kind::Digit},
};

std::string canonical(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '_') continue;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

template <std::size_t N>
std::string_view pick(const std::array<std::string_view, N>& list, Rng& rng) {
    return list[rng.below(N)];
}

void appendLower(std::string& out, std::string_view s) {
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x80) {
            if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
        } else {
            out += c;  // keep UTF-8 letters
        }
    }
}

void appendDigits(std::string& out, Rng& rng, int n) {
    for (int i = 0; i < n; ++i)
        out += static_cast<char>('0' + rng.below(10));
}

void appendInt(std::string& out, std::int64_t v, int width = 0) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    int len = static_cast<int>(r.ptr - buf);
    for (int i = len; i < width; ++i)
        out += '0';
    out.append(buf, static_cast<std::size_t>(len));
}

void sentence(std::string& out, Rng& rng) {
    const int words = 4 + static_cast<int>(rng.below(7));
    for (int i = 0; i < words; ++i) {
        std::string_view w = pick(kLorem, rng);
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

// Days since 1970-01-01 to civil date (Howard Hinnant's algorithm).
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

}  // namespace

std::span<const std::string_view> Faker::firstNames() {
    return kFirstNames;
}
std::span<const std::string_view> Faker::lastNames() {
    return kLastNames;
}
std::span<const std::string_view> Faker::cities() {
    return kCities;
}
std::span<const std::string_view> Faker::countries() {
    return kCountries;
}
std::span<const std::string_view> Faker::loremWords() {
    return kLorem;
}

const std::vector<std::string>& Faker::names() {
    static const std::vector<std::string> all = [] {
        std::vector<std::string> v;
        for (const auto& e : kEntries)
            v.emplace_back(e.name);
        return v;
    }();
    return all;
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
    // Split "Name.method args".
    std::size_t sp = expression.find_first_of(" \t");
    std::string_view name = expression.substr(0, sp);
    std::string_view args =
        sp == std::string_view::npos ? std::string_view() : expression.substr(sp + 1);
    const std::string key = canonical(name);
    const Entry* found = nullptr;
    for (const auto& e : kEntries) {
        if (canonical(e.name) == key) {
            found = &e;
            break;
        }
    }
    if (found == nullptr) {
        error = fmt::format("unknown Faker expression \"{}\"", name);
        return std::nullopt;
    }
    Call call;
    call.kind = found->kind;
    // Arguments: 'a','b' (quoted, comma separated).
    std::vector<std::string> parsed;
    std::size_t i = 0;
    while (i < args.size()) {
        while (i < args.size() && (args[i] == ' ' || args[i] == ',' || args[i] == '\t'))
            ++i;
        if (i >= args.size()) break;
        if (args[i] != '\'') {
            error = fmt::format("Faker arguments must be quoted, as in 'yyyy-MM-dd' (in \"{}\")",
                                expression);
            return std::nullopt;
        }
        auto end = args.find('\'', i + 1);
        if (end == std::string_view::npos) {
            error = fmt::format("unterminated quote in Faker arguments of \"{}\"", expression);
            return std::nullopt;
        }
        parsed.emplace_back(args.substr(i + 1, end - i - 1));
        i = end + 1;
    }
    if (call.kind == Kind::Birthday) {
        call.format = "yyyy-MM-dd";
        std::vector<int> ages;
        for (const auto& a : parsed) {
            int v = 0;
            auto r = std::from_chars(a.data(), a.data() + a.size(), v);
            if (r.ec == std::errc() && r.ptr == a.data() + a.size()) {
                ages.push_back(v);
            } else {
                std::string problem = checkPattern(a);
                if (!problem.empty()) {
                    error = problem;
                    return std::nullopt;
                }
                call.format = a;
            }
        }
        if (ages.size() == 2) {
            call.minAge = ages[0];
            call.maxAge = ages[1];
        } else if (!ages.empty()) {
            error = "Date.birthday takes two ages ('18','65') and/or a date pattern";
            return std::nullopt;
        }
        if (call.minAge < 0 || call.maxAge < call.minAge || call.maxAge > 200) {
            error = "Date.birthday ages must satisfy 0 <= min <= max <= 200";
            return std::nullopt;
        }
    } else if (!parsed.empty()) {
        error = fmt::format("Faker expression \"{}\" takes no arguments", name);
        return std::nullopt;
    }
    return call;
}

void Faker::generate(const Call& call, Rng& rng, std::int64_t nowMs, std::string& out) {
    switch (call.kind) {
        case Kind::FirstName:
            out.append(pick(kFirstNames, rng));
            return;
        case Kind::LastName:
            out.append(pick(kLastNames, rng));
            return;
        case Kind::FullName:
            out.append(pick(kFirstNames, rng));
            out += ' ';
            out.append(pick(kLastNames, rng));
            return;
        case Kind::NameTitle:
            out.append(pick(kTitles, rng));
            return;
        case Kind::Username:
            appendLower(out, pick(kFirstNames, rng));
            out += '.';
            appendLower(out, pick(kLastNames, rng));
            return;
        case Kind::EmailAddress:
            appendLower(out, pick(kFirstNames, rng));
            out += '.';
            appendLower(out, pick(kLastNames, rng));
            appendDigits(out, rng, 2);
            out += '@';
            out.append(pick(kDomains, rng));
            return;
        case Kind::DomainName:
            out.append(pick(kDomains, rng));
            return;
        case Kind::Url:
            out.append("https://www.");
            out.append(pick(kDomains, rng));
            out += '/';
            out.append(pick(kLorem, rng));
            return;
        case Kind::Uuid: {
            static constexpr char kHex[] = "0123456789abcdef";
            std::uint64_t a = rng.next(), b = rng.next();
            a = (a & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
            b = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
            for (int i = 0; i < 32; ++i) {
                if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
                std::uint64_t w = i < 16 ? a : b;
                out += kHex[(w >> (60 - 4 * (i % 16))) & 15];
            }
            return;
        }
        case Kind::City:
            out.append(pick(kCities, rng));
            return;
        case Kind::Country:
            out.append(pick(kCountries, rng));
            return;
        case Kind::CountryCode:
            out.append(pick(kCountryCodes, rng));
            return;
        case Kind::StreetName:
            out.append(pick(kStreetWords, rng));
            out += ' ';
            out.append(pick(kStreetSuffixes, rng));
            return;
        case Kind::StreetAddress:
            appendInt(out, 1 + static_cast<std::int64_t>(rng.below(250)));
            out += ' ';
            out.append(pick(kStreetWords, rng));
            out += ' ';
            out.append(pick(kStreetSuffixes, rng));
            return;
        case Kind::BuildingNumber:
            appendInt(out, 1 + static_cast<std::int64_t>(rng.below(250)));
            return;
        case Kind::ZipCode:
            appendDigits(out, rng, 5);
            return;
        case Kind::FullAddress:
            appendInt(out, 1 + static_cast<std::int64_t>(rng.below(250)));
            out += ' ';
            out.append(pick(kStreetWords, rng));
            out += ' ';
            out.append(pick(kStreetSuffixes, rng));
            out.append(", ");
            out.append(pick(kCities, rng));
            out += ' ';
            appendDigits(out, rng, 5);
            return;
        case Kind::CellPhone:
            out.append("555-");
            appendDigits(out, rng, 3);
            out += '-';
            appendDigits(out, rng, 4);
            return;
        case Kind::PhoneNumber:
            out.append("(555) ");
            appendDigits(out, rng, 3);
            out += '-';
            appendDigits(out, rng, 4);
            return;
        case Kind::Birthday: {
            constexpr double kYearMs = 365.2425 * 86400000.0;
            const double lo = call.minAge * kYearMs, hi = (call.maxAge + 1) * kYearMs;
            const auto age = static_cast<std::int64_t>(lo + rng.uniform() * (hi - lo));
            formatTime(nowMs - age, call.format, out);
            return;
        }
        case Kind::LoremWord:
            out.append(pick(kLorem, rng));
            return;
        case Kind::LoremWords: {
            for (int i = 0; i < 3; ++i) {
                if (i) out += ' ';
                out.append(pick(kLorem, rng));
            }
            return;
        }
        case Kind::LoremSentence:
            sentence(out, rng);
            return;
        case Kind::LoremParagraph: {
            const int n = 3 + static_cast<int>(rng.below(3));
            for (int i = 0; i < n; ++i) {
                if (i) out += ' ';
                sentence(out, rng);
            }
            return;
        }
        case Kind::Digit:
            appendDigits(out, rng, 1);
            return;
    }
}

}  // namespace riverdelta::generate
