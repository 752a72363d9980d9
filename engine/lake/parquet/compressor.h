#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/lake/parquet/byte_buffer.h"
#include "engine/lake/parquet/types.h"

namespace riverdelta::lake::parquet {

// Compresses page bodies with one codec. Holds the codec context (zstd) so repeated calls do not
// allocate; snappy uses the raw block format Parquet expects.
class Compressor {
  public:
    explicit Compressor(Compression codec, int zstdLevel = 1);
    ~Compressor();
    Compressor(const Compressor&) = delete;
    Compressor& operator=(const Compressor&) = delete;
    Compressor(Compressor&&) noexcept;
    Compressor& operator=(Compressor&&) noexcept;

    [[nodiscard]] Compression codec() const { return codec_; }

    // Writes the compressed form of `in` (a copy for Uncompressed) into `out` from `offset` on;
    // `out` is resized to end right after it. Bytes before `offset` are kept.
    void compress(std::string_view in, ByteBuffer& out, std::size_t offset = 0);

    // Decompression helper (used by the reader and by tests). `uncompressedSize` comes from the
    // page header.
    static void decompress(Compression codec, std::string_view in, std::size_t uncompressedSize,
                           std::string& out);

  private:
    struct ZstdContext;
    Compression codec_;
    int zstdLevel_;
    std::unique_ptr<ZstdContext> zstd_;
};

}  // namespace riverdelta::lake::parquet
