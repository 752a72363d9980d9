#include "engine/lake/parquet/file_concatenator.h"

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

ThriftValue readFooter(std::string_view file) {
    if (file.size() < 12 || file.substr(0, 4) != kMagic || file.substr(file.size() - 4) != kMagic)
        bad("not a Parquet file");
    std::uint32_t len = 0;
    std::memcpy(&len, file.data() + file.size() - 8, 4);
    if (len > file.size() - 12) bad("bad footer length");
    CompactReader r(file.substr(file.size() - 8 - len, len));
    ThriftValue meta = r.readStruct();
    if (meta.has(kMetaEncryption) || meta.has(kMetaFooterSigningKey))
        bad("encrypted files cannot be joined");
    if (!meta.has(kMetaSchema)) bad("no schema");
    return meta;
}

}  // namespace

FooterSummary summarizeFooter(std::string_view file) {
    const ThriftValue meta = readFooter(file);
    FooterSummary s;
    s.schemaKey = serializeStruct(ThriftValue{.type = CompactType::Struct,
                                              .fields = {{kMetaSchema, *meta.field(kMetaSchema)}}});
    s.numRows = meta.i64(kMetaNumRows);
    if (const ThriftValue* rgs = meta.field(kMetaRowGroups)) s.numRowGroups = rgs->elements.size();
    return s;
}

FileConcatenator::FileConcatenator(ByteSink& sink, std::string createdBy)
    : sink_(sink), createdBy_(std::move(createdBy)) {
    sink_.write(kMagic);
}

void FileConcatenator::append(std::string_view file) {
    if (closed_) throw std::logic_error("FileConcatenator already closed");
    ThriftValue meta = readFooter(file);
    const std::string key = serializeStruct(ThriftValue{
        .type = CompactType::Struct, .fields = {{kMetaSchema, *meta.field(kMetaSchema)}}});
    if (!schema_) {
        schema_ = *meta.field(kMetaSchema);
        schemaKey_ = key;
        version_ = meta.i64(kMetaVersion, 1);
        if (const ThriftValue* co = meta.field(kMetaColumnOrders)) columnOrders_ = *co;
    } else if (key != schemaKey_) {
        throw std::invalid_argument("Parquet files with different schemas cannot be joined");
    }
    const std::string createdBy = meta.str(kMetaCreatedBy);
    if (!commonCreatedBy_) {
        commonCreatedBy_ = createdBy;
    } else if (*commonCreatedBy_ != createdBy) {
        createdByDiffers_ = true;
    }

    // Validate everything before the first byte is written, so a refused file leaves the
    // output as it was.
    struct Copy {
        std::int64_t start;
        std::int64_t length;
    };
    std::vector<std::vector<Copy>> copies;
    ThriftValue* rgs = meta.field(kMetaRowGroups);
    if (rgs != nullptr) {
        for (auto& rg : rgs->elements) {
            auto& plan = copies.emplace_back();
            ThriftValue* cols = rg.field(kRgColumns);
            if (cols == nullptr) bad("row group without columns");
            for (auto& cc : cols->elements) {
                if (cc.has(kCcFilePath)) bad("column chunk stored in another file");
                if (cc.has(kCcCryptoMetadata) || cc.has(kCcEncryptedMeta))
                    bad("encrypted column chunk");
                const ThriftValue* cm = cc.field(kCcMeta);
                if (cm == nullptr) bad("column chunk without metadata");
                std::int64_t start = cm->i64(kCmDataPage, -1);
                if (const std::int64_t dict = cm->i64(kCmDictPage, 0); dict > 0 && dict < start)
                    start = dict;
                const std::int64_t length = cm->i64(kCmCompressed, -1);
                if (start < 4 || length < 0 ||
                    static_cast<std::uint64_t>(start + length) > file.size() - 8)
                    bad("column chunk out of range");
                plan.push_back({start, length});
            }
        }
    }

    if (rgs != nullptr) {
        for (std::size_t r = 0; r < rgs->elements.size(); ++r) {
            ThriftValue& rg = rgs->elements[r];
            auto& cols = rg.field(kRgColumns)->elements;
            std::int64_t compressed = 0;
            const auto rgStart = static_cast<std::int64_t>(sink_.position());
            for (std::size_t c = 0; c < cols.size(); ++c) {
                const Copy& copy = copies[r][c];
                const auto at = static_cast<std::int64_t>(sink_.position());
                const std::int64_t shift = at - copy.start;
                sink_.write(file.substr(static_cast<std::size_t>(copy.start),
                                        static_cast<std::size_t>(copy.length)));
                compressed += copy.length;
                ThriftValue& cc = cols[c];
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
            rg.setI64(kRgOrdinal, static_cast<std::int64_t>(rowGroups_.size()), CompactType::I16);
            numRows_ += rg.i64(3);
            rowGroups_.push_back(std::move(rg));
        }
    }
    ++inputs_;
}

void FileConcatenator::close() {
    if (closed_) return;
    if (!schema_) throw std::logic_error("FileConcatenator: no input file");
    ThriftValue meta{.type = CompactType::Struct};
    meta.setI64(kMetaVersion, version_, CompactType::I32);
    meta.fields.push_back({kMetaSchema, *schema_});
    meta.setI64(kMetaNumRows, numRows_);
    ThriftValue groups{.type = CompactType::List, .elementType = CompactType::Struct};
    groups.elements = std::move(rowGroups_);
    meta.fields.push_back({kMetaRowGroups, std::move(groups)});
    ThriftValue createdBy{.type = CompactType::Binary};
    createdBy.binary = createdByDiffers_ || !commonCreatedBy_ || commonCreatedBy_->empty()
                           ? createdBy_
                           : *commonCreatedBy_;
    meta.fields.push_back({kMetaCreatedBy, std::move(createdBy)});
    if (columnOrders_) meta.fields.push_back({kMetaColumnOrders, *columnOrders_});
    const std::string footer = serializeStruct(meta);
    sink_.write(footer);
    const auto len = static_cast<std::uint32_t>(footer.size());
    char b[4];
    std::memcpy(b, &len, 4);
    sink_.write(std::string_view(b, 4));
    sink_.write(kMagic);
    closed_ = true;
    sink_.close();
}

}  // namespace riverdelta::lake::parquet
