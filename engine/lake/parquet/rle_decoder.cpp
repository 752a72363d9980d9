#include "engine/lake/parquet/rle_decoder.h"

#include <stdexcept>

namespace riverdelta::lake::parquet {

std::size_t RleDecoder::decode(std::string_view data, int bitWidth, std::size_t count,
                               std::vector<std::uint32_t>& out) {
    std::size_t pos = 0;
    const auto byteAt = [&](std::size_t i) -> std::uint64_t {
        if (i >= data.size()) throw std::runtime_error("RLE: truncated input");
        return static_cast<unsigned char>(data[i]);
    };
    std::size_t produced = 0;
    while (produced < count) {
        std::uint64_t header = 0;
        for (int shift = 0;; shift += 7) {
            if (shift > 63) throw std::runtime_error("RLE: bad varint");
            const std::uint64_t b = byteAt(pos++);
            header |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) break;
        }
        if ((header & 1) == 0) {
            const std::size_t run = header >> 1;
            std::uint32_t value = 0;
            const int bytes = (bitWidth + 7) / 8;
            for (int i = 0; i < bytes; ++i) {
                value |= static_cast<std::uint32_t>(byteAt(pos++) << (8 * i));
            }
            for (std::size_t i = 0; i < run && produced < count; ++i, ++produced) {
                out.push_back(value);
            }
        } else {
            const std::size_t values = (header >> 1) * 8;
            std::uint64_t acc = 0;
            int bits = 0;
            const std::uint64_t mask = bitWidth == 32 ? 0xffffffffULL : ((1ULL << bitWidth) - 1);
            for (std::size_t i = 0; i < values; ++i) {
                while (bits < bitWidth) {
                    acc |= byteAt(pos++) << bits;
                    bits += 8;
                }
                const auto v = static_cast<std::uint32_t>(acc & mask);
                acc >>= bitWidth;
                bits -= bitWidth;
                if (produced < count) {
                    out.push_back(v);
                    ++produced;
                }
            }
        }
    }
    return pos;
}

}  // namespace riverdelta::lake::parquet
