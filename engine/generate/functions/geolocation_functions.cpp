// geolocation: real address points from the user's own public-domain country data set, named in
// globalConfigs.geolocation.countryFiles, read once at compile time.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/generate/functions/geolocation_nodes.h"
#include "engine/generate/geolocation_data.h"
#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

namespace {

struct Narrowing {
    std::string_view param;  // "state", "city", "zipCode"
    GeolocationData::Field field;
};
constexpr Narrowing kNarrowings[] = {{"state", GeolocationData::Field::State},
                                     {"city", GeolocationData::Field::City},
                                     {"zipCode", GeolocationData::Field::ZipCode}};

std::optional<GeolocationFormat> formatNamed(const std::string& name) {
    if (name == "address") return GeolocationFormat::Address;
    if (name == "coordinates") return GeolocationFormat::Coordinates;
    if (name == "object") return GeolocationFormat::Object;
    return std::nullopt;
}

// `format`: one name, or a non-empty array of distinct names.
bool readFormats(const FunctionCall& call, std::vector<GeolocationFormat>& formats,
                 bool& multiple) {
    const Json* f = call.param("format");
    formats.clear();
    multiple = false;
    if (f == nullptr) {
        formats.push_back(GeolocationFormat::Address);
        return true;
    }
    const std::vector<std::string> names = {"address", "coordinates", "object"};
    auto one = [&](const Json& j, const std::string& ptr) {
        if (!j.is_string()) {
            call.error(ptr,
                       fmt::format("a format must be {}, not {}", quoteList(names), typeName(j)));
            return false;
        }
        const std::string& name = j.get_ref<const std::string&>();
        auto parsed = formatNamed(name);
        if (!parsed) {
            call.error(ptr, fmt::format("unknown format \"{}\"; expected {}{}", name,
                                        quoteList(names), scenario::didYouMean(name, names)));
            return false;
        }
        if (std::find(formats.begin(), formats.end(), *parsed) != formats.end()) {
            call.error(ptr, fmt::format("format \"{}\" is listed twice", name));
            return false;
        }
        formats.push_back(*parsed);
        return true;
    };
    if (f->is_array()) {
        multiple = true;
        if (f->empty()) {
            call.error(call.at("format"), "\"format\" must list at least one format");
            return false;
        }
        bool ok = true;
        for (std::size_t i = 0; i < f->size(); ++i)
            ok = one((*f)[i], scenario::appendPointer(call.at("format"), i)) && ok;
        return ok;
    }
    return one(*f, call.at("format"));
}

const Node* compileGeolocation(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const std::string& country = call.param("country")->get_ref<const std::string&>();
    const auto& known = geolocationCountries();
    if (std::find(known.begin(), known.end(), country) == known.end()) {
        call.error(call.at("country"),
                   fmt::format("unknown country \"{}\"{}; Riverdelta reads the address data set "
                               "of {}",
                               country, scenario::didYouMean(country, known), quoteList(known)));
        return ctx.nullNode();
    }
    const GeolocationCatalog* catalog = ctx.geolocation();
    const GeolocationCatalog::Country* entry = nullptr;
    if (catalog != nullptr) {
        if (auto it = catalog->countries.find(country); it != catalog->countries.end())
            entry = &it->second;
    }
    if (entry == nullptr) {
        call.error(
            call.at("country"),
            fmt::format("country \"{}\" has no data set: name its CSV file in "
                        "globalConfigs.geolocation.countryFiles, e.g. "
                        "{{\"geolocation\": {{\"countryFiles\": {{\"{}\": \"addresses.csv\"}}}}}}",
                        country, country));
        return ctx.nullNode();
    }
    std::vector<GeolocationFormat> formats;
    bool multiple = false;
    const bool formatsOk = readFormats(call, formats, multiple);
    const auto& data = entry->data;
    if (!data) return ctx.nullNode();  // the file's problems were reported with globalConfigs
    const std::string& file = entry->file;

    // Each narrowing parameter ORs its values; the parameters AND together.
    bool narrowed = false, ok = formatsOk;
    std::vector<std::unordered_set<std::uint32_t>> wanted(std::size(kNarrowings));
    for (std::size_t n = 0; n < std::size(kNarrowings); ++n) {
        const Json* values = call.param(kNarrowings[n].param);
        if (values == nullptr) continue;
        const std::string ptr = call.at(kNarrowings[n].param);
        if (values->empty()) {
            call.error(ptr,
                       fmt::format("\"{}\" must list at least one value", kNarrowings[n].param));
            ok = false;
            continue;
        }
        narrowed = true;
        for (std::size_t i = 0; i < values->size(); ++i) {
            const Json& v = (*values)[i];
            const std::string vptr = scenario::appendPointer(ptr, i);
            if (!v.is_string()) {
                call.error(vptr, fmt::format("a {} must be a string, not {}", kNarrowings[n].param,
                                             typeName(v)));
                ok = false;
                continue;
            }
            const std::string& name = v.get_ref<const std::string&>();
            if (!data->has(kNarrowings[n].field, name)) {
                call.error(vptr, fmt::format("no address in {} has {} \"{}\"{} (values are "
                                             "matched exactly, as the file writes them)",
                                             file, kNarrowings[n].param, name,
                                             scenario::didYouMean(
                                                 name, data->distinct(kNarrowings[n].field))));
                ok = false;
                continue;
            }
            wanted[n].insert(data->find(name));
        }
    }
    if (!ok) return ctx.nullNode();

    std::vector<std::uint32_t> candidates;
    if (narrowed) {
        const auto rows = data->rows();
        for (std::size_t r = 0; r < rows.size(); ++r) {
            bool match = true;
            for (std::size_t n = 0; n < std::size(kNarrowings) && match; ++n)
                match = wanted[n].empty() ||
                        wanted[n].contains(GeolocationData::fieldOf(rows[r], kNarrowings[n].field));
            if (match) candidates.push_back(static_cast<std::uint32_t>(r));
        }
        if (candidates.empty()) {
            call.error(call.pointer(),
                       fmt::format("no address in {} matches all of the narrowing parameters "
                                   "together (each one matches some rows)",
                                   file));
            return ctx.nullNode();
        }
    }
    return ctx.make<GeolocationNode>(data, std::move(candidates), std::move(formats), multiple);
}

}  // namespace

void readGeolocationConfig(CompileContext& ctx, const Json& config, const std::string& pointer) {
    if (!config.is_object()) {
        ctx.error(pointer, fmt::format("\"geolocation\" must be an object with \"countryFiles\", "
                                       "not {}",
                                       typeName(config)));
        return;
    }
    checkKeys(ctx, config, pointer, "globalConfigs.geolocation", {"countryFiles"});
    if (!config.contains("countryFiles")) {
        ctx.error(pointer, "\"geolocation\" needs \"countryFiles\": {\"COUNTRY\": \"FILE.csv\"}");
        return;
    }
    const Json& files = config.at("countryFiles");
    const std::string fptr = scenario::appendPointer(pointer, "countryFiles");
    if (!files.is_object()) {
        ctx.error(fptr, fmt::format("\"countryFiles\" must map country names to CSV files, not {}",
                                    typeName(files)));
        return;
    }
    auto catalog = std::make_shared<GeolocationCatalog>();
    const auto& known = geolocationCountries();
    // The object's own storage: nlohmann's iterators trip GCC's null-dereference analysis here.
    for (const auto& [name, path] : files.get_ref<const Json::object_t&>()) {
        const std::string cptr = scenario::appendPointer(fptr, name);
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            ctx.error(cptr, fmt::format("unknown country \"{}\"{}; Riverdelta reads the address "
                                        "data set of {}",
                                        name, scenario::didYouMean(name, known), quoteList(known)));
            continue;
        }
        if (!path.is_string()) {
            ctx.error(cptr, fmt::format("the country file must be a path, not {}", typeName(path)));
            continue;
        }
        GeolocationCatalog::Country& country = catalog->countries[name];
        std::string error;
        auto text = ctx.readDataFile(cptr, path.get_ref<const std::string&>(), country.file, error);
        if (!text) {
            ctx.error(cptr, fmt::format("cannot read {}: {}", country.file, error));
            continue;
        }
        std::vector<GeolocationData::Problem> problems;
        auto data = GeolocationData::parse(*text, problems);
        for (const auto& p : problems) {
            ctx.error(cptr, p.line == 0
                                ? fmt::format("{}: {}", country.file, p.message)
                                : fmt::format("{}:{}: {}", country.file, p.line, p.message));
        }
        if (problems.empty()) country.data = std::move(data);
    }
    ctx.setGeolocation(std::move(catalog));
}

void addGeolocationFunctions(std::vector<FunctionSpec>& out) {
    out.push_back(
        {"geolocation",
         "geolocation",
         "A real address point, uniformly chosen from the country's data set "
         "(globalConfigs.geolocation.countryFiles), narrowed by `state`, `city` and `zipCode`; "
         "`format` address (default), coordinates, object, or an array of them.",
         {{"country", Accepts::String, true, "\"United States\""},
          {"state", Accepts::Array, false, "states as the file writes them, any of"},
          {"city", Accepts::Array, false, "cities (postal), any of"},
          {"zipCode", Accepts::Array, false, "ZIP codes, any of"},
          {"format", Accepts::String | Accepts::Array, false,
           "address, coordinates or object, or an array of them"}},
         compileGeolocation});
}

}  // namespace riverdelta::generate
