#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace riverdelta::lake::parquet {

// Decodes the RLE / bit-packing hybrid (the inverse of RleEncoder): `count` values of
// `bitWidth` bits from `data`, appended to `out`. Returns the bytes consumed. Throws
// std::runtime_error on truncated input.
class RleDecoder {
  public:
    static std::size_t decode(std::string_view data, int bitWidth, std::size_t count,
                              std::vector<std::uint32_t>& out);
};

}  // namespace riverdelta::lake::parquet
