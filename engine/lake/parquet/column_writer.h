#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lake/parquet/byte_buffer.h"
#include "engine/lake/parquet/byte_sink.h"
#include "engine/lake/parquet/compressor.h"
#include "engine/lake/parquet/dictionary.h"
#include "engine/lake/parquet/page_encoder.h"
#include "engine/lake/parquet/schema.h"
#include "engine/lake/parquet/statistics.h"

namespace riverdelta::lake::parquet {

struct ColumnWriterOptions {
    std::size_t pageSize = 1 << 20;                 // target encoded bytes per data page
    std::int32_t pageValues = 20'000;               // ... and at most this many values per page
    std::size_t dictionaryPageSizeLimit = 1 << 20;  // fall back to PLAIN past this
    bool dictionary = true;                         // ignored for BOOLEAN
};

// What the footer needs about one written column chunk.
struct ColumnChunkInfo {
    std::int64_t dataPageOffset = 0;
    std::optional<std::int64_t> dictionaryPageOffset;
    std::int64_t totalCompressedSize = 0;    // page headers included
    std::int64_t totalUncompressedSize = 0;  // page headers included
    std::int64_t numValues = 0;              // levels written, nulls included
    std::int32_t dataPages = 0;
    std::vector<Encoding> encodings;
    Statistics statistics{PhysicalType::Int32};
};

// Buffers one leaf column of the current row group: levels and values of the open data page,
// then encoded and compressed pages. Data page v1; dictionary (RLE_DICTIONARY) while the
// dictionary stays under its limit, PLAIN afterwards.
//
// Flat columns (max repetition level 0) use append*(v) / appendNull(): one call per row.
// Nested columns pass the repetition level of each value (0 = first value of a row) and, for
// nulls and empty lists, the definition level (see Shredder, which does this from JSON).
class ColumnWriter {
  public:
    // `pool` (optional) compresses pages on worker threads.
    ColumnWriter(const ColumnDescriptor& column, const ColumnWriterOptions& options,
                 Compressor& compressor, PageEncoderPool* pool = nullptr);
    ~ColumnWriter();
    ColumnWriter(const ColumnWriter&) = delete;
    ColumnWriter& operator=(const ColumnWriter&) = delete;

    // Values (at the column's max definition level).
    void appendBool(bool v, std::int16_t rep = 0) {
        expectType(PhysicalType::Boolean);
        beginValue(rep);
        bools_.push_back(v ? 1 : 0);
        stats_.updateBool(v);
    }
    void appendInt32(std::int32_t v, std::int16_t rep = 0) {
        expectType(PhysicalType::Int32);
        beginValue(rep);
        putFixed(static_cast<std::uint32_t>(v), v);
        if (!dictMode_) stats_.updateInt(v);
    }
    void appendInt64(std::int64_t v, std::int16_t rep = 0) {
        expectType(PhysicalType::Int64);
        beginValue(rep);
        putFixed(static_cast<std::uint64_t>(v), v);
        if (!dictMode_) stats_.updateInt(v);
    }
    void appendFloat(float v, std::int16_t rep = 0) {
        expectType(PhysicalType::Float);
        beginValue(rep);
        std::uint32_t bits = 0;
        std::memcpy(&bits, &v, 4);
        putFixed(bits, v);
        if (!dictMode_) stats_.updateDouble(v);
    }
    void appendDouble(double v, std::int16_t rep = 0) {
        expectType(PhysicalType::Double);
        beginValue(rep);
        std::uint64_t bits = 0;
        std::memcpy(&bits, &v, 8);
        putFixed(bits, v);
        if (!dictMode_) stats_.updateDouble(v);
    }
    void appendBytes(std::string_view v, std::int16_t rep = 0) {
        expectType(PhysicalType::ByteArray);
        beginValue(rep);
        if (dictMode_) {
            bool inserted = false;
            indices_.push_back(dictionary_.insertBytes(v, inserted));
            if (inserted) {
                stats_.updateBytes(v);
                checkDictionaryLimit();
            }
        } else {
            plain_.appendLengthPrefixed(v);
            stats_.updateBytes(v);
        }
    }
    // A null in a flat optional column.
    void appendNull() { appendNull(static_cast<std::int16_t>(column_.maxDefinitionLevel - 1), 0); }

    // Batches of non-null values of a flat column, one row each: the fast path for column
    // buffers (a memcpy and a min/max loop per page instead of per-value calls).
    void appendInt32s(std::span<const std::int32_t> v) { appendFixedBatch(v); }
    void appendInt64s(std::span<const std::int64_t> v) { appendFixedBatch(v); }
    void appendDoubles(std::span<const double> v) { appendFixedBatch(v); }
    // Non-null strings of a flat column, one row each; a dictionary looks them up with its
    // memory fetched ahead (Dictionary::prefetchSlot).
    void appendByteArrays(std::span<const std::string_view> values);
    // A missing value at definition level `def` (< max): null, or an empty / null ancestor.
    void appendNull(std::int16_t def, std::int16_t rep);

    [[nodiscard]] const ColumnDescriptor& descriptor() const { return column_; }
    // Rows started in the current row group.
    [[nodiscard]] std::int64_t rowsInChunk() const { return rows_; }
    // Bytes buffered for the current row group (estimate, for the row-group size limit).
    [[nodiscard]] std::size_t bufferedBytes() const {
        return pagesBytes_ + pageBytes() + dictionary_.plain().size();
    }

    // Writes the chunk (dictionary page first, then the data pages) to `sink` and resets for
    // the next row group. Returns what the footer needs.
    ColumnChunkInfo finishChunk(ByteSink& sink);

  private:
    template <typename T>
    void appendFixedBatch(std::span<const T> values);

    // Appending a value of the wrong physical type would corrupt the page: refuse it.
    void expectType(PhysicalType t) const {
        if (column_.type != t) [[unlikely]]
            wrongType(t);
    }
    [[noreturn]] void wrongType(PhysicalType t) const;

    [[gnu::always_inline]] void beginValue(std::int16_t rep) {
        if (rep == 0) {
            if (fallbackPending_) {
                fallBackToPlain();
            } else if ((pageBytes() >= options_.pageSize || pageValues_ >= options_.pageValues)) {
                flushPage();
            }
            ++rows_;
        }
        if (column_.maxRepetitionLevel > 0) repLevels_.push_back(static_cast<std::uint8_t>(rep));
        if (column_.maxDefinitionLevel > 0) {
            defLevels_.push_back(static_cast<std::uint8_t>(column_.maxDefinitionLevel));
        }
        ++pageValues_;
    }

    template <typename Bits, typename T>
    void putFixed(Bits bits, T value) {
        if (dictMode_) {
            bool inserted = false;
            indices_.push_back(dictionary_.insertFixed(bits, inserted));
            if (inserted) {
                if constexpr (std::is_floating_point_v<T>) {
                    stats_.updateDouble(value);
                } else {
                    stats_.updateInt(value);
                }
                checkDictionaryLimit();
            }
        } else {
            plain_.appendValue(bits);
        }
    }

    // Falls back to PLAIN when the dictionary outgrows its limit, or early when it does not pay:
    // once kDictionaryProbe distinct values are in, more than half of all values so far being
    // distinct means a (nearly) unique column (ids, timestamps) that only costs hashing.
    void checkDictionaryLimit() {
        if ((dictionary_.size() & (dictionary_.size() - 1)) == 0) {  // crossed a power of two
            dictionaryWidthEstimate_ = static_cast<std::size_t>(indexBitWidth());
        }
        if (dictionary_.plain().size() > options_.dictionaryPageSizeLimit) {
            fallbackPending_ = true;
        } else if (!dictionaryProbed_ && dictionary_.size() >= kDictionaryProbe) {
            dictionaryProbed_ = true;
            const auto values = static_cast<std::size_t>(chunkValues_) + indices_.size();
            if (dictionary_.size() * 2 > values) fallbackPending_ = true;
        }
    }

    [[nodiscard]] std::size_t pageBytes() const {
        // Bytes of the indices at the width the dictionary had when it last grew past a power
        // of two (cheap and close enough for the page-size check).
        if (dictMode_) return (indices_.size() * dictionaryWidthEstimate_) / 8;
        return plain_.size() - kLevelRoom + bools_.size() / 8;
    }
    [[nodiscard]] int indexBitWidth() const;

    void flushPage();
    void fallBackToPlain();
    // Hands the page body to the encoder pool (taking ownership of the buffer it lives in) or
    // encodes it inline.
    void submitPage(PageType type, std::string_view body, std::int32_t numValues, Encoding encoding,
                    bool bodyInPlain);
    struct PendingPage {
        std::future<EncodedPage> future;  // valid when a worker encodes it
        EncodedPage page;                 // otherwise
    };

    const ColumnDescriptor& column_;
    ColumnWriterOptions options_;
    Compressor& compressor_;
    PageEncoderPool* pool_;
    bool dictionaryEnabled_;
    bool dictMode_;
    static constexpr std::size_t kDictionaryProbe = 16384;
    bool fallbackPending_ = false;
    bool dictionaryProbed_ = false;
    std::size_t dictionaryWidthEstimate_ = 1;
    bool usedDictionaryInChunk_ = false;
    bool usedPlainInChunk_ = false;
    Dictionary dictionary_;
    Statistics stats_;

    // Open page.
    std::vector<std::uint8_t> repLevels_;
    std::vector<std::uint8_t> defLevels_;
    std::vector<std::uint32_t> indices_;
    std::vector<std::uint8_t> bools_;
    static constexpr std::size_t kLevelRoom = 256;
    ByteBuffer plain_;  // PLAIN values of the open page, after kLevelRoom reserved bytes
    std::int32_t pageValues_ = 0;

    // Current chunk.
    std::vector<PendingPage> pages_;  // data pages of the chunk, in order
    std::size_t pagesBytes_ = 0;      // uncompressed estimate while pages are in flight
    std::int64_t rows_ = 0;
    std::int64_t chunkValues_ = 0;
    std::int64_t chunkUncompressed_ = 0;

    // Scratch.
    std::string body_;
    std::string levels_;
};

}  // namespace riverdelta::lake::parquet
