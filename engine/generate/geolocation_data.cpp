#include "engine/generate/geolocation_data.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <set>

namespace riverdelta::generate {

namespace {

// Splits CSV text (RFC 4180: quoted fields may hold commas, quotes doubled, newlines) into
// records, one at a time.
class CsvReader {
  public:
    explicit CsvReader(std::string_view text) : text_(text) {
        if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);  // a UTF-8 BOM
    }

    // The next record's fields; false at the end. `line` is where the record starts.
    bool next(std::vector<std::string>& fields, std::size_t& line, bool& badQuote) {
        fields.clear();
        badQuote = false;
        // Blank lines separate nothing: skip them.
        while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
            if (text_[pos_] == '\n') ++line_;
            ++pos_;
        }
        if (pos_ >= text_.size()) return false;
        line = line_;
        std::string field;
        while (true) {
            field.clear();
            if (pos_ < text_.size() && text_[pos_] == '"') {
                ++pos_;
                bool closed = false;
                while (pos_ < text_.size()) {
                    const char c = text_[pos_++];
                    if (c == '"') {
                        if (pos_ < text_.size() && text_[pos_] == '"') {
                            field.push_back('"');
                            ++pos_;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        if (c == '\n') ++line_;
                        field.push_back(c);
                    }
                }
                if (!closed) badQuote = true;
                // Text after a closing quote up to the separator is kept, as spreadsheets do.
                while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
                       text_[pos_] != '\r')
                    field.push_back(text_[pos_++]);
            } else {
                const std::size_t start = pos_;
                while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
                       text_[pos_] != '\r')
                    ++pos_;
                field.assign(text_.substr(start, pos_ - start));
            }
            fields.push_back(field);
            if (pos_ < text_.size() && text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            // End of record.
            if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
            if (pos_ < text_.size() && text_[pos_] == '\n') {
                ++pos_;
                ++line_;
            }
            return true;
        }
    }

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// The NAD writes "Not stated" where a source gave no value.
std::string_view value(const std::vector<std::string>& fields, int column) {
    if (column < 0) return {};
    std::string_view v = trim(fields[static_cast<std::size_t>(column)]);
    if (v == "Not stated" || v == "Not Stated" || v == "NOT STATED") return {};
    return v;
}

bool parseDouble(std::string_view s, double& out) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

// Where each piece of an address is in the header. Two NAD schemas are in circulation (the
// current one: Post_City, StNam_Full, AddNo_Full; the 2017-2020 one: Post_Comm, StreetName);
// both are read, by column name.
struct Columns {
    int state = -1, zipCode = -1, latitude = -1, longitude = -1;
    int postCity = -1, incMuni = -1, county = -1, unit = -1;
    int numberFull = -1;
    std::vector<int> numberParts;  // AddNum_Pre, Add_Number, AddNum_Suf
    int streetFull = -1;
    std::vector<int> streetParts;  // pre-modifier ... post-modifier
};

class HeaderIndex {
  public:
    explicit HeaderIndex(const std::vector<std::string>& header) {
        for (std::size_t i = 0; i < header.size(); ++i)
            byName_.emplace(lower(trim(header[i])), static_cast<int>(i));
    }
    [[nodiscard]] int find(std::initializer_list<std::string_view> names) const {
        for (auto n : names)
            if (auto it = byName_.find(lower(n)); it != byName_.end()) return it->second;
        return -1;
    }

  private:
    std::map<std::string, int> byName_;
};

Columns locate(const HeaderIndex& h) {
    Columns c;
    c.state = h.find({"State"});
    c.zipCode = h.find({"Zip_Code", "ZipCode", "Zip"});
    c.latitude = h.find({"Latitude"});
    c.longitude = h.find({"Longitude"});
    c.postCity = h.find({"Post_City", "Post_Comm"});
    c.incMuni = h.find({"Inc_Muni"});
    c.county = h.find({"County"});
    c.unit = h.find({"Unit"});
    c.numberFull = h.find({"AddNo_Full"});
    for (auto n : {"AddNum_Pre", "Add_Number", "AddNum_Suf"})
        if (int i = h.find({n}); i >= 0) c.numberParts.push_back(i);
    c.streetFull = h.find({"StNam_Full"});
    const std::initializer_list<std::pair<std::string_view, std::string_view>> parts = {
        {"St_PreMod", "StN_PreMod"}, {"St_PreDir", "StN_PreDir"}, {"St_PreTyp", "StN_PreTyp"},
        {"St_PreSep", "StN_PreSep"}, {"St_Name", "StreetName"},   {"St_PosTyp", "StN_PosTyp"},
        {"St_PosDir", "StN_PosDir"}, {"St_PosMod", "StN_PosMod"}};
    for (const auto& [current, older] : parts)
        if (int i = h.find({current, older}); i >= 0) c.streetParts.push_back(i);
    return c;
}

std::string joinParts(const std::vector<std::string>& fields, const std::vector<int>& parts,
                      std::string_view separator) {
    std::string out;
    for (int p : parts) {
        std::string_view v = value(fields, p);
        if (v.empty()) continue;
        if (!out.empty()) out.append(separator);
        out.append(v);
    }
    return out;
}

}  // namespace

const std::vector<std::string>& geolocationCountries() {
    static const std::vector<std::string> countries = {"United States"};
    return countries;
}

std::uint32_t GeolocationData::intern(std::string_view s) {
    if (s.empty()) return 0;
    if (auto it = ids_.find(s); it != ids_.end()) return it->second;
    const std::string_view kept = storage_.emplace_back(s);
    const auto id = static_cast<std::uint32_t>(pool_.size());
    pool_.push_back(kept);
    ids_.emplace(kept, id);
    return id;
}

std::uint32_t GeolocationData::find(std::string_view v) const {
    if (auto it = ids_.find(v); it != ids_.end()) return it->second;
    return 0;
}

std::uint32_t GeolocationData::fieldOf(const GeolocationRow& row, Field field) {
    switch (field) {
        case Field::State:
            return row.state;
        case Field::City:
            return row.city;
        case Field::ZipCode:
            return row.zipCode;
    }
    return 0;
}

bool GeolocationData::has(Field field, std::string_view v) const {
    const std::uint32_t id = find(v);
    if (id == 0) return false;
    return std::any_of(rows_.begin(), rows_.end(),
                       [&](const GeolocationRow& r) { return fieldOf(r, field) == id; });
}

std::vector<std::string> GeolocationData::distinct(Field field) const {
    std::set<std::uint32_t> ids;
    for (const auto& r : rows_)
        ids.insert(fieldOf(r, field));
    std::vector<std::string> out;
    for (auto id : ids)
        if (id != 0) out.emplace_back(pool_[id]);
    std::sort(out.begin(), out.end());
    return out;
}

std::shared_ptr<const GeolocationData> GeolocationData::parse(std::string_view text,
                                                              std::vector<Problem>& problems,
                                                              std::size_t maxProblems) {
    auto data = std::make_shared<GeolocationData>();
    data->pool_.emplace_back();
    std::size_t dropped = 0;
    auto problem = [&](std::size_t line, std::string message) {
        if (problems.size() < maxProblems) {
            problems.push_back({line, std::move(message)});
        } else {
            ++dropped;
        }
    };

    CsvReader reader(text);
    std::vector<std::string> fields;
    std::size_t line = 0;
    bool badQuote = false;
    if (!reader.next(fields, line, badQuote)) {
        problems.push_back({0, "the file is empty; expected a header line naming the columns"});
        return nullptr;
    }
    const std::size_t width = fields.size();
    const Columns c = locate(HeaderIndex(fields));
    std::vector<std::string> missing;
    if (c.state < 0) missing.emplace_back("State");
    if (c.zipCode < 0) missing.emplace_back("Zip_Code");
    if (c.latitude < 0) missing.emplace_back("Latitude");
    if (c.longitude < 0) missing.emplace_back("Longitude");
    if (c.postCity < 0 && c.incMuni < 0) missing.emplace_back("Post_City (or Inc_Muni)");
    if (c.numberFull < 0 && c.numberParts.empty()) missing.emplace_back("AddNo_Full");
    if (c.streetFull < 0 && c.streetParts.empty()) missing.emplace_back("StNam_Full");
    if (!missing.empty()) {
        problems.push_back(
            {line, fmt::format("the header has no column {}; expected the National Address "
                               "Database layout (a header line with State, Zip_Code, Post_City, "
                               "AddNo_Full, StNam_Full, Latitude, Longitude, ...)",
                               fmt::join(missing, ", "))});
        return nullptr;
    }

    std::string number, street;
    while (reader.next(fields, line, badQuote)) {
        if (badQuote) {
            problem(line, "a quoted field is not closed");
            continue;
        }
        if (fields.size() != width) {
            problem(line, fmt::format("{} columns, but the header has {}", fields.size(), width));
            continue;
        }
        double lat = 0, lon = 0;
        if (!parseDouble(fields[static_cast<std::size_t>(c.latitude)], lat) || lat < -90 ||
            lat > 90) {
            problem(line, fmt::format("Latitude \"{}\" is not a number between -90 and 90",
                                      fields[static_cast<std::size_t>(c.latitude)]));
            continue;
        }
        if (!parseDouble(fields[static_cast<std::size_t>(c.longitude)], lon) || lon < -180 ||
            lon > 180) {
            problem(line, fmt::format("Longitude \"{}\" is not a number between -180 and 180",
                                      fields[static_cast<std::size_t>(c.longitude)]));
            continue;
        }
        const std::string_view state = value(fields, c.state);
        if (state.empty()) {
            problem(line, "State is empty");
            continue;
        }
        std::string_view city = value(fields, c.postCity);
        if (city.empty()) city = value(fields, c.incMuni);
        number = c.numberFull >= 0 ? std::string(value(fields, c.numberFull)) : std::string();
        if (number.empty()) number = joinParts(fields, c.numberParts, "");
        street = c.streetFull >= 0 ? std::string(value(fields, c.streetFull)) : std::string();
        if (street.empty()) street = joinParts(fields, c.streetParts, " ");

        GeolocationRow row;
        row.number = data->intern(number);
        row.street = data->intern(street);
        row.unit = data->intern(value(fields, c.unit));
        row.city = data->intern(city);
        row.county = data->intern(value(fields, c.county));
        row.state = data->intern(state);
        row.zipCode = data->intern(value(fields, c.zipCode));
        row.latitude = lat;
        row.longitude = lon;
        data->rows_.push_back(row);
    }
    if (dropped > 0) problems.push_back({0, fmt::format("and {} more malformed rows", dropped)});
    if (data->rows_.empty() && problems.empty())
        problems.push_back({0, "the file has a header but no address rows"});
    return data;
}

}  // namespace riverdelta::generate
