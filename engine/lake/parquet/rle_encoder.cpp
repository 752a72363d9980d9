#include "engine/lake/parquet/rle_encoder.h"

#include <bit>
#include <cstddef>

namespace riverdelta::lake::parquet {
namespace {

void putVarint(std::uint64_t v, std::string& out) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

template <typename T>
std::size_t runLength(std::span<const T> values, std::size_t start) {
    const T v = values[start];
    std::size_t end = start + 1;
    while (end < values.size() && values[end] == v)
        ++end;
    return end - start;
}

template <typename T>
void putRleRun(T value, std::size_t count, int bitWidth, std::string& out) {
    putVarint(static_cast<std::uint64_t>(count) << 1, out);
    const int bytes = (bitWidth + 7) / 8;
    auto v = static_cast<std::uint32_t>(value);
    for (int i = 0; i < bytes; ++i) {
        out.push_back(static_cast<char>(v & 0xff));
        v >>= 8;
    }
}

// Bit-packs values[start, end) (end - start rounded up to a multiple of 8 with zeros).
template <typename T>
void putBitPacked(std::span<const T> values, std::size_t start, std::size_t end, int bitWidth,
                  std::string& out) {
    const std::size_t groups = (end - start + 7) / 8;
    putVarint((static_cast<std::uint64_t>(groups) << 1) | 1U, out);
    const std::size_t oldSize = out.size();
    out.resize(oldSize + groups * static_cast<std::size_t>(bitWidth));
    auto* dst = reinterpret_cast<unsigned char*>(out.data() + oldSize);
    std::uint64_t acc = 0;
    int bits = 0;
    const std::size_t padded = start + groups * 8;
    for (std::size_t i = start; i < padded; ++i) {
        const std::uint64_t v = i < end ? static_cast<std::uint64_t>(values[i]) : 0U;
        acc |= v << bits;
        bits += bitWidth;
        while (bits >= 8) {
            *dst++ = static_cast<unsigned char>(acc & 0xff);
            acc >>= 8;
            bits -= 8;
        }
    }
}

template <typename T>
void encodeImpl(std::span<const T> values, int bitWidth, std::string& out) {
    const std::size_t n = values.size();
    std::size_t i = 0;
    while (i < n) {
        const std::size_t run = runLength(values, i);
        if (run >= 8 || bitWidth == 0) {
            putRleRun(values[i], run, bitWidth, out);
            i += run;
            continue;
        }
        // Literal groups of 8 until a group boundary where a run of >= 8 starts.
        const std::size_t literalStart = i;
        std::size_t k = i;
        while (true) {
            k += 8;
            if (k >= n) {
                k = n;
                break;
            }
            if (runLength(values, k) >= 8) break;
        }
        putBitPacked(values, literalStart, k, bitWidth, out);
        i = k;
    }
}

}  // namespace

void RleEncoder::encode(std::span<const std::uint8_t> values, int bitWidth, std::string& out) {
    encodeImpl(values, bitWidth, out);
}

void RleEncoder::encode(std::span<const std::uint32_t> values, int bitWidth, std::string& out) {
    encodeImpl(values, bitWidth, out);
}

int RleEncoder::bitWidthFor(std::uint64_t maxValue) {
    return maxValue == 0 ? 0 : static_cast<int>(std::bit_width(maxValue));
}

}  // namespace riverdelta::lake::parquet
