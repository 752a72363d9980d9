#include "engine/lake/parquet/column_writer.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>

#include "engine/lake/parquet/buffer_pool.h"
#include "engine/lake/parquet/rle_encoder.h"

namespace riverdelta::lake::parquet {
namespace {

std::size_t fixedWidthOf(PhysicalType t) {
    switch (t) {
        case PhysicalType::Int32:
        case PhysicalType::Float:
            return 4;
        case PhysicalType::Int64:
        case PhysicalType::Double:
            return 8;
        default:
            return 0;
    }
}

// Levels as a data page v1 wants them: 4-byte little-endian length, then the hybrid encoding.
void appendLevels(const std::vector<std::uint8_t>& levels, int maxLevel, std::string& scratch,
                  std::string& out) {
    scratch.clear();
    RleEncoder::encode(levels, RleEncoder::bitWidthFor(static_cast<std::uint64_t>(maxLevel)),
                       scratch);
    const auto len = static_cast<std::uint32_t>(scratch.size());
    out.append(reinterpret_cast<const char*>(&len), 4);
    out.append(scratch);
}

void addEncoding(std::vector<Encoding>& list, Encoding e) {
    if (std::find(list.begin(), list.end(), e) == list.end()) list.push_back(e);
}

}  // namespace

ColumnWriter::ColumnWriter(const ColumnDescriptor& column, const ColumnWriterOptions& options,
                           Compressor& compressor, PageEncoderPool* pool)
    : column_(column),
      options_(options),
      compressor_(compressor),
      pool_(pool),
      dictionaryEnabled_(options.dictionary && column.type != PhysicalType::Boolean),
      dictMode_(dictionaryEnabled_),
      dictionary_(fixedWidthOf(column.type)),
      stats_(column.type) {
    plain_ = BufferPool::instance().take();
    plain_.resize(kLevelRoom);
}

ColumnWriter::~ColumnWriter() {
    BufferPool::instance().give(std::move(plain_));
}

void ColumnWriter::wrongType(PhysicalType t) const {
    throw std::logic_error("Parquet column " + column_.dottedPath() + " has physical type " +
                           std::to_string(static_cast<int>(column_.type)) + ", not " +
                           std::to_string(static_cast<int>(t)));
}

template <typename T>
void ColumnWriter::appendFixedBatch(std::span<const T> values) {
    if (column_.maxRepetitionLevel > 0) throw std::logic_error("batch append on a nested column");
    if constexpr (std::is_same_v<T, std::int32_t>) {
        expectType(PhysicalType::Int32);
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
        expectType(PhysicalType::Int64);
    } else {
        expectType(PhysicalType::Double);
    }
    std::size_t i = 0;
    while (i < values.size()) {
        if (dictMode_) {
            // Per value until the dictionary settles or falls back.
            const T v = values[i++];
            if constexpr (std::is_same_v<T, std::int32_t>) {
                appendInt32(v);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                appendInt64(v);
            } else {
                appendDouble(v);
            }
            continue;
        }
        if (fallbackPending_) {
            fallBackToPlain();
        } else if (pageBytes() >= options_.pageSize || pageValues_ >= options_.pageValues) {
            flushPage();
        }
        std::size_t n = std::min<std::size_t>(
            values.size() - i, static_cast<std::size_t>(options_.pageValues - pageValues_));
        n = std::min(
            n, (options_.pageSize - std::min(options_.pageSize, pageBytes())) / sizeof(T) + 1);
        const std::span<const T> part = values.subspan(i, n);
        plain_.append(part.data(), part.size_bytes());
        if constexpr (std::is_floating_point_v<T>) {
            for (const T v : part)
                stats_.updateDouble(v);
        } else {
            T lo = part[0];
            T hi = part[0];
            for (const T v : part) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
            stats_.updateInt(lo);
            stats_.updateInt(hi);
        }
        if (column_.maxDefinitionLevel > 0) {
            defLevels_.insert(defLevels_.end(), n,
                              static_cast<std::uint8_t>(column_.maxDefinitionLevel));
        }
        rows_ += static_cast<std::int64_t>(n);
        pageValues_ += static_cast<std::int32_t>(n);
        i += n;
    }
}

template void ColumnWriter::appendFixedBatch<std::int32_t>(std::span<const std::int32_t>);
template void ColumnWriter::appendFixedBatch<std::int64_t>(std::span<const std::int64_t>);
template void ColumnWriter::appendFixedBatch<double>(std::span<const double>);

void ColumnWriter::appendByteArrays(std::span<const std::string_view> values) {
    if (column_.maxRepetitionLevel > 0) throw std::logic_error("batch append on a nested column");
    expectType(PhysicalType::ByteArray);
    // A slot is asked for kAhead values before its lookup, the entry it points to half as many.
    constexpr std::size_t kAhead = 32;
    std::array<std::uint64_t, kAhead> hashes{};  // of values i .. i + kAhead - 1, by index % kAhead
    const std::size_t n = values.size();
    std::size_t hashed = 0;  // values hashed (and their slots asked for) so far
    auto hashNext = [&] {
        // The values' bytes too: they were last written (decoded) on another core.
        if (hashed + kAhead < n) __builtin_prefetch(values[hashed + kAhead].data());
        const std::uint64_t h = Dictionary::hashBytes(values[hashed]);
        hashes[hashed % kAhead] = h;
        dictionary_.prefetchSlot(h);
        ++hashed;
    };
    for (std::size_t i = 0; i < n; ++i) {
        const std::string_view v = values[i];
        beginValue(0);
        if (!dictMode_) {  // fell back (it never comes back within a row group)
            plain_.appendLengthPrefixed(v);
            stats_.updateBytes(v);
            continue;
        }
        while (hashed < n && hashed <= i + kAhead - 1)
            hashNext();
        if (i + kAhead / 2 < hashed) dictionary_.prefetchEntry(hashes[(i + kAhead / 2) % kAhead]);
        bool inserted = false;
        indices_.push_back(dictionary_.insertBytes(v, hashes[i % kAhead], inserted));
        if (inserted) {
            stats_.updateBytes(v);
            checkDictionaryLimit();
        }
    }
}

void ColumnWriter::appendNull(std::int16_t def, std::int16_t rep) {
    if (def >= column_.maxDefinitionLevel || def < 0) {
        throw std::invalid_argument("null with definition level " + std::to_string(def) +
                                    " in column " + column_.dottedPath());
    }
    if (rep == 0) {
        if (fallbackPending_) {
            fallBackToPlain();
        } else if ((pageBytes() >= options_.pageSize || pageValues_ >= options_.pageValues)) {
            flushPage();
        }
        ++rows_;
    }
    if (column_.maxRepetitionLevel > 0) repLevels_.push_back(static_cast<std::uint8_t>(rep));
    defLevels_.push_back(static_cast<std::uint8_t>(def));
    ++pageValues_;
    stats_.addNulls(1);
}

int ColumnWriter::indexBitWidth() const {
    const std::size_t n = dictionary_.size();
    return std::max(1, RleEncoder::bitWidthFor(n > 0 ? n - 1 : 0));
}

void ColumnWriter::fallBackToPlain() {
    flushPage();
    dictMode_ = false;
    fallbackPending_ = false;
}

void ColumnWriter::submitPage(PageType type, std::string_view body, std::int32_t numValues,
                              Encoding encoding, bool bodyInPlain) {
    PendingPage pending;
    if (pool_ == nullptr) {
        pending.page = encodePage(compressor_, type, body, numValues, encoding);
        pagesBytes_ += pending.page.view().size();
        chunkUncompressed_ += pending.page.uncompressedSize;
        pages_.push_back(std::move(pending));
        return;
    }
    // The job owns the buffer the body lives in; the column continues with a fresh one.
    pagesBytes_ += body.size();
    if (bodyInPlain) {
        const std::size_t offset = static_cast<std::size_t>(body.data() - plain_.data());
        auto job = [buffer = std::move(plain_), offset, size = body.size(), type, numValues,
                    encoding](Compressor& c) mutable {
            EncodedPage page =
                encodePage(c, type, buffer.view().substr(offset, size), numValues, encoding);
            BufferPool::instance().give(std::move(buffer));
            return page;
        };
        plain_ = BufferPool::instance().take();
        plain_.resize(kLevelRoom);
        pending.future = pool_->submit(PageEncoderPool::Job(std::move(job)));
    } else {
        auto job = [buffer = std::string(body), type, numValues, encoding](Compressor& c) {
            return encodePage(c, type, buffer, numValues, encoding);
        };
        pending.future = pool_->submit(PageEncoderPool::Job(std::move(job)));
    }
    pages_.push_back(std::move(pending));
}

void ColumnWriter::flushPage() {
    if (pageValues_ == 0) return;
    body_.clear();
    if (column_.maxRepetitionLevel > 0) {
        appendLevels(repLevels_, column_.maxRepetitionLevel, levels_, body_);
    }
    if (column_.maxDefinitionLevel > 0) {
        appendLevels(defLevels_, column_.maxDefinitionLevel, levels_, body_);
    }
    Encoding encoding = Encoding::Plain;
    std::string_view body;
    bool bodyInPlain = false;
    if (dictMode_ && !indices_.empty()) {
        encoding = Encoding::RleDictionary;
        const int width = indexBitWidth();
        body_.push_back(static_cast<char>(width));
        RleEncoder::encode(indices_, width, body_);
        body = body_;
        usedDictionaryInChunk_ = true;
    } else if (column_.type == PhysicalType::Boolean) {
        // PLAIN booleans: bit-packed, LSB first.
        const std::size_t old = body_.size();
        body_.resize(old + (bools_.size() + 7) / 8, '\0');
        auto* dst = reinterpret_cast<unsigned char*>(body_.data() + old);
        for (std::size_t i = 0; i < bools_.size(); ++i) {
            dst[i >> 3] = static_cast<unsigned char>(dst[i >> 3] | (bools_[i] << (i & 7)));
        }
        body = body_;
        usedPlainInChunk_ = true;
    } else {
        // PLAIN values were appended after kLevelRoom reserved bytes: put the (usually tiny)
        // levels right in front of them instead of copying the values behind the levels.
        if (body_.size() <= kLevelRoom) {
            const std::size_t start = kLevelRoom - body_.size();
            std::memcpy(plain_.data() + start, body_.data(), body_.size());
            body = plain_.view().substr(start);
            bodyInPlain = true;
        } else {
            body_.append(plain_.view().substr(kLevelRoom));
            body = body_;
        }
        usedPlainInChunk_ = true;
    }
    submitPage(PageType::DataPage, body, pageValues_, encoding, bodyInPlain);
    chunkValues_ += pageValues_;
    pageValues_ = 0;
    repLevels_.clear();
    defLevels_.clear();
    indices_.clear();
    bools_.clear();
    plain_.resize(kLevelRoom);
}

ColumnChunkInfo ColumnWriter::finishChunk(ByteSink& sink) {
    if (fallbackPending_) {
        fallBackToPlain();
    } else {
        flushPage();
    }
    ColumnChunkInfo info;
    const auto start = static_cast<std::int64_t>(sink.position());
    std::size_t dictBytes = 0;
    if (usedDictionaryInChunk_) {
        EncodedPage dict =
            encodePage(compressor_, PageType::DictionaryPage, dictionary_.plain(),
                       static_cast<std::int32_t>(dictionary_.size()), Encoding::Plain);
        chunkUncompressed_ += dict.uncompressedSize;
        info.dictionaryPageOffset = start;
        sink.write(dict.view());
        dictBytes = dict.view().size();
        BufferPool::instance().give(std::move(dict.bytes));
    }
    info.dataPageOffset = start + static_cast<std::int64_t>(dictBytes);
    std::size_t dataBytes = 0;
    for (auto& pending : pages_) {
        if (pending.future.valid()) {
            pending.page = pending.future.get();  // rethrows a worker's failure
            chunkUncompressed_ += pending.page.uncompressedSize;
        }
        sink.write(pending.page.view());
        dataBytes += pending.page.view().size();
        BufferPool::instance().give(std::move(pending.page.bytes));
    }
    info.totalCompressedSize = static_cast<std::int64_t>(dictBytes + dataBytes);
    info.dataPages = static_cast<std::int32_t>(pages_.size());
    info.totalUncompressedSize = chunkUncompressed_;
    info.numValues = chunkValues_;
    if (usedDictionaryInChunk_ || usedPlainInChunk_) {
        addEncoding(info.encodings, Encoding::Plain);  // dictionary page values are PLAIN
    }
    if (column_.maxDefinitionLevel > 0 || column_.maxRepetitionLevel > 0) {
        addEncoding(info.encodings, Encoding::Rle);
    }
    if (usedDictionaryInChunk_) addEncoding(info.encodings, Encoding::RleDictionary);
    info.statistics = stats_;

    // Reset for the next row group.
    pages_.clear();
    pagesBytes_ = 0;
    rows_ = 0;
    chunkValues_ = 0;
    chunkUncompressed_ = 0;
    usedDictionaryInChunk_ = false;
    usedPlainInChunk_ = false;
    dictionary_.clear();
    dictMode_ = dictionaryEnabled_;
    dictionaryProbed_ = false;
    dictionaryWidthEstimate_ = 1;
    stats_.reset();
    return info;
}

}  // namespace riverdelta::lake::parquet
