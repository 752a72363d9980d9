#pragma once

#include <cstdint>
#include <string>

namespace riverdelta::cli {

// "512 B", "3.4 KiB", "12.0 MiB": for status lines.
std::string formatBytes(std::uint64_t bytes);

}  // namespace riverdelta::cli
