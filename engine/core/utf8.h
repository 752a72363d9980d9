#pragma once

#include <cstdint>
#include <string>

namespace riverdelta::core {

// Appends the UTF-8 encoding of code point `cp` (U+0000..U+10FFFF) to `out`. Callers replace
// lone surrogates with U+FFFD before calling.
void appendUtf8(std::string& out, std::uint32_t cp);

}  // namespace riverdelta::core
