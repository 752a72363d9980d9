#include "engine/lake/parquet/compressor.h"

#include <snappy.h>
#include <zstd.h>

#include <stdexcept>

namespace riverdelta::lake::parquet {

struct Compressor::ZstdContext {
    struct Free {
        void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
    };
    std::unique_ptr<ZSTD_CCtx, Free> ctx{ZSTD_createCCtx()};
};

Compressor::Compressor(Compression codec, int zstdLevel) : codec_(codec), zstdLevel_(zstdLevel) {
    if (codec_ == Compression::Zstd) {
        zstd_ = std::make_unique<ZstdContext>();
        if (!zstd_->ctx) throw std::runtime_error("ZSTD_createCCtx failed");
    }
}

Compressor::~Compressor() = default;
Compressor::Compressor(Compressor&&) noexcept = default;
Compressor& Compressor::operator=(Compressor&&) noexcept = default;

void Compressor::compress(std::string_view in, ByteBuffer& out, std::size_t offset) {
    switch (codec_) {
        case Compression::Uncompressed:
            out.resize(offset);
            out.append(in);
            return;
        case Compression::Snappy: {
            out.resize(offset + snappy::MaxCompressedLength(in.size()));
            std::size_t written = 0;
            snappy::RawCompress(in.data(), in.size(), out.data() + offset, &written);
            out.resize(offset + written);
            return;
        }
        case Compression::Zstd: {
            const std::size_t bound = ZSTD_compressBound(in.size());
            out.resize(offset + bound);
            const std::size_t written = ZSTD_compressCCtx(zstd_->ctx.get(), out.data() + offset,
                                                          bound, in.data(), in.size(), zstdLevel_);
            if (ZSTD_isError(written) != 0U) {
                throw std::runtime_error(std::string("zstd compression failed: ") +
                                         ZSTD_getErrorName(written));
            }
            out.resize(offset + written);
            return;
        }
    }
    throw std::invalid_argument("unsupported Parquet codec");
}

void Compressor::decompress(Compression codec, std::string_view in, std::size_t uncompressedSize,
                            std::string& out) {
    switch (codec) {
        case Compression::Uncompressed:
            out.assign(in);
            return;
        case Compression::Snappy:
            out.resize(uncompressedSize);
            if (!snappy::RawUncompress(in.data(), in.size(), out.data())) {
                throw std::runtime_error("snappy: corrupt page");
            }
            return;
        case Compression::Zstd: {
            out.resize(uncompressedSize);
            const std::size_t n = ZSTD_decompress(out.data(), out.size(), in.data(), in.size());
            if (ZSTD_isError(n) != 0U || n != uncompressedSize) {
                throw std::runtime_error("zstd: corrupt page");
            }
            return;
        }
    }
    throw std::invalid_argument("unsupported Parquet codec");
}

}  // namespace riverdelta::lake::parquet
