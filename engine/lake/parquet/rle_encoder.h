#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace riverdelta::lake::parquet {

// The RLE / bit-packing hybrid of Encodings.md, encoding a whole vector at once (levels and
// dictionary indices are buffered per page, so the runs are known up front):
//   rle-run        = varint(count << 1)             value in ceil(bitWidth / 8) bytes, LE
//   bit-packed-run = varint((count / 8) << 1 | 1)   count values, bitWidth bits each, LSB first
// Runs of 8 or more equal values become RLE runs, everything else bit-packed groups of 8 (the
// last group is zero-padded). Appends to `out`; no length prefix.
class RleEncoder {
  public:
    static void encode(std::span<const std::uint8_t> values, int bitWidth, std::string& out);
    static void encode(std::span<const std::uint32_t> values, int bitWidth, std::string& out);

    // Smallest width that holds `maxValue` (0 for 0).
    static int bitWidthFor(std::uint64_t maxValue);
};

}  // namespace riverdelta::lake::parquet
