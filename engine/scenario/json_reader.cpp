#include "engine/scenario/json_reader.h"

#include <fmt/format.h>

namespace riverdelta::scenario {

namespace {
// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1,
// column 2: "; keep only the explanation after that.
std::string explanation(const std::string& what) {
    auto pos = what.find(": ");
    if (what.rfind("[json.exception", 0) == 0 && pos != std::string::npos) {
        return what.substr(pos + 2);
    }
    return what;
}
}  // namespace

std::optional<Json> parseJson(std::string_view text, JsonSyntaxError& error) {
    try {
        return Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/true,
                           /*ignore_comments=*/false);
    } catch (const Json::parse_error& e) {
        // e.byte is the 1-based index of the last character read.
        std::size_t limit = e.byte == 0 ? 0 : std::min<std::size_t>(e.byte - 1, text.size());
        std::size_t line = 1, column = 1;
        for (std::size_t i = 0; i < limit; ++i) {
            if (text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        error.line = line;
        error.column = column;
        error.message = fmt::format("JSON syntax error at line {}, column {}: {}", line, column,
                                    explanation(e.what()));
        return std::nullopt;
    } catch (const std::exception& e) {
        error.line = 0;
        error.column = 0;
        error.message = std::string("JSON error: ") + e.what();
        return std::nullopt;
    }
}

}  // namespace riverdelta::scenario
