#include "engine/lake/parquet/file_writer.h"

#include <algorithm>
#include <stdexcept>

#include "engine/lake/parquet/thrift_compact_writer.h"
#include "riverdelta/version.h"

#ifndef RIVERDELTA_BUILD_ID
#define RIVERDELTA_BUILD_ID "unknown"
#endif

namespace riverdelta::lake::parquet {
namespace {

constexpr std::string_view kMagic = "PAR1";

void writeLogicalType(CompactWriter& w, const LogicalType& t) {
    using K = LogicalType::Kind;
    if (t.kind == K::None) return;
    w.beginStructField(10);  // SchemaElement.logicalType (union)
    switch (t.kind) {
        case K::String:
            w.beginStructField(1);
            break;
        case K::Map:
            w.beginStructField(2);
            break;
        case K::List:
            w.beginStructField(3);
            break;
        case K::Date:
            w.beginStructField(6);
            break;
        case K::Timestamp:
            w.beginStructField(8);
            w.fieldBool(1, t.adjustedToUtc);
            w.beginStructField(2);  // TimeUnit union
            w.beginStructField(t.unit == TimeUnit::Millis ? 1 : 2);
            w.endStruct();
            w.endStruct();
            break;
        case K::Integer:
            w.beginStructField(10);
            w.fieldI8(1, t.bitWidth);
            w.fieldBool(2, t.isSigned);
            break;
        case K::None:
            break;
    }
    w.endStruct();  // the member struct
    w.endStruct();  // the union
}

void writeSchemaElement(CompactWriter& w, const SchemaNode& n) {
    w.beginStruct();
    if (n.isLeaf()) w.fieldI32(1, static_cast<std::int32_t>(n.physicalType()));
    w.fieldI32(3, static_cast<std::int32_t>(n.repetition()));
    w.fieldBinary(4, n.name());
    if (!n.isLeaf()) w.fieldI32(5, static_cast<std::int32_t>(n.children().size()));
    const ConvertedType ct = n.logicalType().convertedType();
    if (ct != ConvertedType::None) w.fieldI32(6, static_cast<std::int32_t>(ct));
    writeLogicalType(w, n.logicalType());
    w.endStruct();
    for (const auto& c : n.children())
        writeSchemaElement(w, c);
}

std::size_t countElements(const SchemaNode& n) {
    std::size_t count = 1;
    for (const auto& c : n.children())
        count += countElements(c);
    return count;
}

void writeStatistics(CompactWriter& w, const Statistics& s) {
    w.beginStructField(12);
    w.fieldI64(3, s.nullCount());
    if (s.hasMinMax()) {
        w.fieldBinary(5, s.encodedMax());
        w.fieldBinary(6, s.encodedMin());
    }
    w.endStruct();
}

}  // namespace

std::string defaultCreatedBy() {
    return std::string("riverdelta version ") + kVersion + " (build " RIVERDELTA_BUILD_ID ")";
}

FileWriter::FileWriter(Schema schema, ByteSink& sink, WriterOptions options)
    : schema_(std::move(schema)),
      sink_(sink),
      options_(std::move(options)),
      compressor_(options_.compression, options_.zstdLevel) {
    if (options_.createdBy.empty()) options_.createdBy = defaultCreatedBy();
    if (options_.compressionThreads > 0) {
        pool_ = std::make_unique<PageEncoderPool>(options_.compressionThreads, options_.compression,
                                                  options_.zstdLevel);
    }
    for (const auto& c : schema_.columns()) {
        ColumnWriterOptions co;
        co.pageSize = options_.pageSize;
        co.pageValues = options_.pageValues;
        co.dictionaryPageSizeLimit = options_.dictionaryPageSizeLimit;
        co.dictionary = options_.dictionary &&
                        std::find(options_.plainColumns.begin(), options_.plainColumns.end(),
                                  c.dottedPath()) == options_.plainColumns.end();
        columns_.push_back(std::make_unique<ColumnWriter>(c, co, compressor_, pool_.get()));
        fileStats_.emplace_back(c.type);
    }
    sink_.write(kMagic);
}

FileWriter::~FileWriter() = default;

std::size_t FileWriter::bufferedBytes() const {
    std::size_t total = 0;
    for (const auto& c : columns_)
        total += c->bufferedBytes();
    return total;
}

void FileWriter::endRows() {
    const std::int64_t rows = columns_.front()->rowsInChunk();
    for (const auto& c : columns_) {
        if (c->rowsInChunk() != rows) {
            throw std::logic_error("Parquet row count mismatch in column " +
                                   c->descriptor().dottedPath());
        }
    }
    bufferedRows_ = rows;
    if (bufferedRows_ >= options_.rowGroupRows || bufferedBytes() >= options_.rowGroupBytes) {
        flushRowGroup();
    }
}

void FileWriter::flushRowGroup() {
    if (closed_) throw std::logic_error("Parquet writer already closed");
    const std::int64_t rows = columns_.front()->rowsInChunk();
    for (const auto& c : columns_) {
        if (c->rowsInChunk() != rows) {
            throw std::logic_error("Parquet row count mismatch in column " +
                                   c->descriptor().dottedPath());
        }
    }
    if (rows == 0) return;
    RowGroupInfo rg;
    rg.numRows = rows;
    rg.fileOffset = static_cast<std::int64_t>(sink_.position());
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        rg.columns.push_back(columns_[i]->finishChunk(sink_));
        fileStats_[i].merge(rg.columns.back().statistics);
    }
    rowGroups_.push_back(std::move(rg));
    flushedRows_ += rows;
    bufferedRows_ = 0;
}

void FileWriter::close() {
    if (closed_) return;
    flushRowGroup();
    writeFooter();
    closed_ = true;
    sink_.close();
}

void FileWriter::writeFooter() {
    std::string meta;
    CompactWriter w(meta);
    w.beginStruct();  // FileMetaData
    w.fieldI32(1, 2);
    std::size_t elements = 1;
    for (const auto& f : schema_.fields())
        elements += countElements(f);
    w.beginListField(2, CompactType::Struct, elements);
    w.beginStruct();  // root
    w.fieldBinary(4, "schema");
    w.fieldI32(5, static_cast<std::int32_t>(schema_.fields().size()));
    w.endStruct();
    for (const auto& f : schema_.fields())
        writeSchemaElement(w, f);
    w.fieldI64(3, flushedRows_);
    w.beginListField(4, CompactType::Struct, rowGroups_.size());
    for (std::size_t r = 0; r < rowGroups_.size(); ++r) {
        const auto& rg = rowGroups_[r];
        std::int64_t totalUncompressed = 0;
        std::int64_t totalCompressed = 0;
        w.beginStruct();  // RowGroup
        w.beginListField(1, CompactType::Struct, rg.columns.size());
        for (std::size_t i = 0; i < rg.columns.size(); ++i) {
            const auto& cc = rg.columns[i];
            const auto& desc = schema_.columns()[i];
            totalUncompressed += cc.totalUncompressedSize;
            totalCompressed += cc.totalCompressedSize;
            w.beginStruct();  // ColumnChunk
            w.fieldI64(2, 0);
            w.beginStructField(3);  // ColumnMetaData
            w.fieldI32(1, static_cast<std::int32_t>(desc.type));
            w.beginListField(2, CompactType::I32, cc.encodings.size());
            for (auto e : cc.encodings)
                w.writeI32(static_cast<std::int32_t>(e));
            w.beginListField(3, CompactType::Binary, desc.path.size());
            for (const auto& p : desc.path)
                w.writeBinary(p);
            w.fieldI32(4, static_cast<std::int32_t>(options_.compression));
            w.fieldI64(5, cc.numValues);
            w.fieldI64(6, cc.totalUncompressedSize);
            w.fieldI64(7, cc.totalCompressedSize);
            w.fieldI64(9, cc.dataPageOffset);
            if (cc.dictionaryPageOffset) w.fieldI64(11, *cc.dictionaryPageOffset);
            writeStatistics(w, cc.statistics);
            w.endStruct();  // ColumnMetaData
            w.endStruct();  // ColumnChunk
        }
        w.fieldI64(2, totalUncompressed);
        w.fieldI64(3, rg.numRows);
        w.fieldI64(5, rg.fileOffset);
        w.fieldI64(6, totalCompressed);
        w.fieldI16(7, static_cast<std::int16_t>(r));  // ordinal
        w.endStruct();
    }
    if (!options_.keyValueMetadata.empty()) {
        w.beginListField(5, CompactType::Struct, options_.keyValueMetadata.size());
        for (const auto& [key, value] : options_.keyValueMetadata) {
            w.beginStruct();
            w.fieldBinary(1, key);
            w.fieldBinary(2, value);
            w.endStruct();
        }
    }
    w.fieldBinary(6, options_.createdBy);
    w.beginListField(7, CompactType::Struct, schema_.columns().size());
    for (std::size_t i = 0; i < schema_.columns().size(); ++i) {
        w.beginStruct();        // ColumnOrder union
        w.beginStructField(1);  // TYPE_ORDER: TypeDefinedOrder {}
        w.endStruct();
        w.endStruct();
    }
    w.endStruct();  // FileMetaData
    sink_.write(meta);
    const auto len = static_cast<std::uint32_t>(meta.size());
    sink_.write(std::string_view(reinterpret_cast<const char*>(&len), 4));
    sink_.write(kMagic);
}

}  // namespace riverdelta::lake::parquet
