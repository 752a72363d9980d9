#pragma once

#include <string>
#include <string_view>

namespace riverdelta::core {

// Appends `text` (UTF-8) to `out` escaped for the inside of a JSON string, without the quotes:
// `"` and `\` get a backslash, \n \r \t \b \f their short forms, other control characters
// \u00XX; everything else (non-ASCII included) is copied as is, in runs. Shared by the JSON
// writers of the generators and of CDC, both on hot paths.
void appendJsonEscaped(std::string& out, std::string_view text);

// The same, between double quotes.
inline void appendJsonString(std::string& out, std::string_view text) {
    out.push_back('"');
    appendJsonEscaped(out, text);
    out.push_back('"');
}

}  // namespace riverdelta::core
