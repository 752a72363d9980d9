#include "engine/lake/parquet/file_concatenator.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace riverdelta::lake::parquet {
namespace {

constexpr std::string_view kMagic = "PAR1";

// FileMetaData field ids (parquet.thrift).
constexpr std::int16_t kMetaVersion = 1, kMetaSchema = 2, kMetaNumRows = 3, kMetaRowGroups = 4,
                       kMetaCreatedBy = 6, kMetaColumnOrders = 7, kMetaEncryption = 8,
                       kMetaFooterSigningKey = 9;
// RowGroup.
constexpr std::int16_t kRgColumns = 1, kRgFileOffset = 5, kRgCompressed = 6, kRgOrdinal = 7;
// ColumnChunk.
constexpr std::int16_t kCcFilePath = 1, kCcFileOffset = 2, kCcMeta = 3, kCcOffsetIndexOffset = 4,
                       kCcOffsetIndexLength = 5, kCcColumnIndexOffset = 6, kCcColumnIndexLength = 7,
                       kCcCryptoMetadata = 8, kCcEncryptedMeta = 9;
// ColumnMetaData.
constexpr std::int16_t kCmCompressed = 7, kCmDataPage = 9, kCmIndexPage = 10, kCmDictPage = 11,
                       kCmBloomOffset = 14, kCmBloomLength = 15;

[[noreturn]] void bad(const std::string& what) {
    throw std::runtime_error("Parquet: " + what);
}

constexpr std::size_t kTailBytes = 64u << 10;

std::string schemaKeyOf(const ThriftValue& meta) {
    return serializeStruct(ThriftValue{.type = CompactType::Struct,
                                       .fields = {{kMetaSchema, *meta.field(kMetaSchema)}}});
}

// Decodes the footer's fields but its row groups, which are only walked (one in memory at a
// time) to find what follows them.
ParquetFooter parseFooter(std::string bytes, std::uint64_t fileSize) {
    ParquetFooter f;
    f.bytes = std::move(bytes);
    f.fileSize = fileSize;
    f.length = f.bytes.size();
    f.head.type = CompactType::Struct;
    CompactReader r(f.bytes);
    std::int16_t lastId = 0;
    while (const auto field = r.readFieldHeader(lastId)) {
        const auto [id, type] = *field;
        if (id == kMetaRowGroups && type == CompactType::List) {
            const auto [element, n] = r.readListHeader();
            if (n > 0 && element != CompactType::Struct) bad("row groups are not structs");
            f.rowGroupsAt = r.position();
            f.numRowGroups = n;
            for (std::uint64_t i = 0; i < n; ++i)
                (void)r.readStruct();
            f.rowGroupsLength = r.position() - f.rowGroupsAt;
        } else {
            f.head.fields.push_back(ThriftField{id, r.readFieldValue(type)});
        }
    }
    if (f.head.has(kMetaEncryption) || f.head.has(kMetaFooterSigningKey))
        bad("encrypted files cannot be joined");
    const ThriftValue* schema = f.head.field(kMetaSchema);
    if (schema == nullptr) bad("no schema");
    if (schema->type != CompactType::List) bad("the schema is not a list");
    for (const auto& e : schema->elements)
        if (e.type != CompactType::Struct) bad("a schema element is not a struct");
    if (const ThriftValue* co = f.head.field(kMetaColumnOrders)) {
        if (co->type != CompactType::List) bad("column orders are not a list");
        for (const auto& e : co->elements)
            if (e.type != CompactType::Struct) bad("a column order is not a struct");
    }
    return f;
}

// Calls fn(ThriftValue& rowGroup) for each row group of the footer, decoding one at a time.
template <typename F>
void forEachRowGroup(const ParquetFooter& footer, F&& fn) {
    if (footer.numRowGroups == 0) return;
    CompactReader r(std::string_view(footer.bytes).substr(footer.rowGroupsAt));
    for (std::uint64_t i = 0; i < footer.numRowGroups; ++i) {
        ThriftValue rg = r.readStruct();
        fn(rg);
    }
}

struct ChunkRange {
    std::int64_t start;
    std::int64_t length;
};

// Where a column chunk's bytes are in its file; throws for chunks that cannot be copied.
ChunkRange chunkRange(const ThriftValue& cc, std::uint64_t fileSize) {
    if (cc.has(kCcFilePath)) bad("column chunk stored in another file");
    if (cc.has(kCcCryptoMetadata) || cc.has(kCcEncryptedMeta)) bad("encrypted column chunk");
    const ThriftValue* cm = cc.field(kCcMeta);
    if (cm == nullptr) bad("column chunk without metadata");
    std::int64_t start = cm->i64(kCmDataPage, -1);
    if (const std::int64_t dict = cm->i64(kCmDictPage, 0); dict > 0 && dict < start) start = dict;
    const std::int64_t length = cm->i64(kCmCompressed, -1);
    if (start < 4 || length < 0 || static_cast<std::uint64_t>(start + length) > fileSize - 8)
        bad("column chunk out of range");
    return {start, length};
}

}  // namespace

ParquetFooter readFooter(ByteSource& file) {
    const std::uint64_t size = file.size();
    if (size < 12) bad("not a Parquet file (" + std::to_string(size) + " bytes)");
    const auto tailLength = static_cast<std::size_t>(std::min<std::uint64_t>(size, kTailBytes));
    const std::string_view tail = file.read(size - tailLength, tailLength);
    if (tail.size() != tailLength || tail.substr(tailLength - 4) != kMagic)
        bad("not a Parquet file");
    std::uint32_t len = 0;
    std::memcpy(&len, tail.data() + tailLength - 8, 4);
    if (len > size - 12) bad("bad footer length");
    std::string bytes(len + 8 <= tailLength ? tail.substr(tailLength - 8 - len, len)
                                            : file.read(size - 8 - len, len));
    if (bytes.size() != len) bad("short read of the footer");
    return parseFooter(std::move(bytes), size);
}

FooterSummary summarizeFooter(const ParquetFooter& footer) {
    FooterSummary s;
    s.schemaKey = schemaKeyOf(footer.head);
    s.numRows = footer.head.i64(kMetaNumRows);
    s.numRowGroups = static_cast<std::size_t>(footer.numRowGroups);
    return s;
}

FooterSummary summarizeFooter(std::string_view file) {
    MemorySource source(file);
    const ParquetFooter footer = readFooter(source);
    if (file.substr(0, 4) != kMagic) bad("not a Parquet file");
    return summarizeFooter(footer);
}

FileConcatenator::FileConcatenator(ByteSink& sink, std::string createdBy, std::size_t pieceBytes)
    : sink_(sink),
      createdBy_(std::move(createdBy)),
      pieceBytes_(std::max<std::size_t>(pieceBytes, 1)) {
    sink_.write(kMagic);
}

void FileConcatenator::append(std::string_view file) {
    MemorySource source(file);
    append(source);
}

void FileConcatenator::append(ByteSource& file) {
    if (closed_) throw std::logic_error("FileConcatenator already closed");
    ParquetFooter footer = readFooter(file);
    append(file, std::move(footer));
}

void FileConcatenator::append(ByteSource& file, ParquetFooter footer) {
    if (closed_) throw std::logic_error("FileConcatenator already closed");
    if (footer.fileSize != file.size()) bad("the footer was read from another file");
    const ThriftValue& meta = footer.head;
    const std::string key = schemaKeyOf(meta);
    const std::string createdBy = meta.str(kMetaCreatedBy);

    // Validate everything before the first byte is written, so a refused file leaves the
    // output as it was.
    if (file.read(0, 4) != kMagic) bad("not a Parquet file");
    if (schema_ && key != schemaKey_)
        throw std::invalid_argument("Parquet files with different schemas cannot be joined");
    std::uint64_t dataEnd = 0;  // end of the last chunk: reads never go past it
    forEachRowGroup(footer, [&](const ThriftValue& rg) {
        const ThriftValue* cols = rg.field(kRgColumns);
        if (cols == nullptr) bad("row group without columns");
        for (const auto& cc : cols->elements) {
            const ChunkRange c = chunkRange(cc, footer.fileSize);
            dataEnd = std::max(dataEnd, static_cast<std::uint64_t>(c.start + c.length));
        }
    });
    if (!schema_) {
        schema_ = *meta.field(kMetaSchema);
        schemaKey_ = key;
        version_ = meta.i64(kMetaVersion, 1);
        if (const ThriftValue* co = meta.field(kMetaColumnOrders)) columnOrders_ = *co;
    }
    if (!commonCreatedBy_) {
        commonCreatedBy_ = createdBy;
    } else if (*commonCreatedBy_ != createdBy) {
        createdByDiffers_ = true;
    }

    // Chunks are copied through a window of at most pieceBytes_ of the input: chunks written
    // back to back (the usual layout) cost one read per piece, not one per chunk.
    std::string_view window;
    std::uint64_t windowAt = 0;
    auto copyRange = [&](std::uint64_t at, std::uint64_t length) {
        while (length > 0) {
            if (at < windowAt || at >= windowAt + window.size()) {
                const auto n =
                    static_cast<std::size_t>(std::min<std::uint64_t>(pieceBytes_, dataEnd - at));
                window = file.read(at, n);
                windowAt = at;
                if (window.size() != n) bad("short read of a column chunk");
            }
            const auto offset = static_cast<std::size_t>(at - windowAt);
            const auto n =
                static_cast<std::size_t>(std::min<std::uint64_t>(length, window.size() - offset));
            sink_.write(window.substr(offset, n));
            at += n;
            length -= n;
        }
    };

    // Patched offsets may take a few more varint bytes than the input's.
    std::string& rowGroups = rowGroups_.emplace_back();
    rowGroups.reserve(footer.rowGroupsLength +
                      footer.numRowGroups * (16 + 8 * schema_->elements.size()));
    forEachRowGroup(footer, [&](ThriftValue& rg) {
        auto& cols = rg.field(kRgColumns)->elements;
        std::int64_t compressed = 0;
        const auto rgStart = static_cast<std::int64_t>(sink_.position());
        for (auto& cc : cols) {
            const ChunkRange copy = chunkRange(cc, footer.fileSize);
            const auto at = static_cast<std::int64_t>(sink_.position());
            const std::int64_t shift = at - copy.start;
            copyRange(static_cast<std::uint64_t>(copy.start),
                      static_cast<std::uint64_t>(copy.length));
            compressed += copy.length;
            ThriftValue& cm = *cc.field(kCcMeta);
            cm.setI64(kCmDataPage, cm.i64(kCmDataPage) + shift);
            if (cm.i64(kCmDictPage, 0) > 0) cm.setI64(kCmDictPage, cm.i64(kCmDictPage) + shift);
            cm.erase(kCmIndexPage);
            cm.erase(kCmBloomOffset);
            cm.erase(kCmBloomLength);
            if (cc.i64(kCcFileOffset, 0) > 0)
                cc.setI64(kCcFileOffset, cc.i64(kCcFileOffset) + shift);
            for (auto id : {kCcOffsetIndexOffset, kCcOffsetIndexLength, kCcColumnIndexOffset,
                            kCcColumnIndexLength})
                cc.erase(id);
        }
        rg.setI64(kRgFileOffset, rgStart);
        rg.setI64(kRgCompressed, compressed);
        rg.setI64(kRgOrdinal, static_cast<std::int64_t>(numRowGroups_), CompactType::I16);
        numRows_ += rg.i64(3);
        rowGroups += serializeStruct(rg);
        ++numRowGroups_;
    });
    ++inputs_;
}

void FileConcatenator::close() {
    if (closed_) return;
    if (!schema_) throw std::logic_error("FileConcatenator: no input file");
    // Written field by field, the row groups straight from their buffers: no copy of them.
    std::string part;
    std::uint64_t length = 0;
    auto flush = [&] {
        sink_.write(part);
        length += part.size();
        part.clear();
    };
    CompactWriter w(part);
    w.beginStruct();
    w.fieldI32(kMetaVersion, static_cast<std::int32_t>(version_));
    w.beginListField(kMetaSchema, CompactType::Struct, schema_->elements.size());
    for (const auto& e : schema_->elements)
        part += serializeStruct(e);
    w.fieldI64(kMetaNumRows, numRows_);
    w.beginListField(kMetaRowGroups, CompactType::Struct, numRowGroups_);
    flush();
    for (auto& rowGroups : rowGroups_) {
        sink_.write(rowGroups);
        length += rowGroups.size();
        std::string().swap(rowGroups);
    }
    w.fieldBinary(kMetaCreatedBy,
                  createdByDiffers_ || !commonCreatedBy_ || commonCreatedBy_->empty()
                      ? createdBy_
                      : *commonCreatedBy_);
    if (columnOrders_) {
        w.beginListField(kMetaColumnOrders, CompactType::Struct, columnOrders_->elements.size());
        for (const auto& e : columnOrders_->elements)
            part += serializeStruct(e);
    }
    w.endStruct();
    flush();
    if (length > 0xffffffffU) bad("the joined footer is larger than 4 GiB");
    const auto len = static_cast<std::uint32_t>(length);
    char b[4];
    std::memcpy(b, &len, 4);
    sink_.write(std::string_view(b, 4));
    sink_.write(kMagic);
    closed_ = true;
    rowGroups_.clear();
    sink_.close();
}

}  // namespace riverdelta::lake::parquet
