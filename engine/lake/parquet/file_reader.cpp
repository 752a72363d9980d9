#include "engine/lake/parquet/file_reader.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "engine/lake/parquet/compressor.h"
#include "engine/lake/parquet/rle_decoder.h"
#include "engine/lake/parquet/rle_encoder.h"
#include "engine/lake/parquet/thrift_compact_reader.h"

namespace riverdelta::lake::parquet {
namespace {
using Json = nlohmann::json;

[[noreturn]] void corrupt(const std::string& what) {
    throw std::runtime_error("Parquet: " + what);
}

LogicalType logicalFrom(const ThriftValue& el) {
    if (const ThriftValue* lt = el.field(10)) {
        if (lt->fields.empty()) return {};
        const auto& [id, member] = lt->fields.front();
        switch (id) {
            case 1:
                return LogicalType::string();
            case 2:
                return LogicalType::map();
            case 3:
                return LogicalType::list();
            case 6:
                return LogicalType::date();
            case 8: {
                const ThriftValue* unit = member.field(2);
                const bool millis = unit != nullptr && unit->has(1);
                return LogicalType::timestamp(millis ? TimeUnit::Millis : TimeUnit::Micros,
                                              member.i64(1, 1) != 0);
            }
            case 10:
                return LogicalType::integer(static_cast<std::int8_t>(member.i64(1, 32)),
                                            member.i64(2, 1) != 0);
            default:
                return {};
        }
    }
    switch (static_cast<ConvertedType>(el.i64(6, -1))) {
        case ConvertedType::Utf8:
            return LogicalType::string();
        case ConvertedType::Map:
        case ConvertedType::MapKeyValue:
            return LogicalType::map();
        case ConvertedType::List:
            return LogicalType::list();
        default:
            return {};
    }
}

SchemaNode buildNode(const std::vector<ThriftValue>& elements, std::size_t& i) {
    if (i >= elements.size()) corrupt("schema ends early");
    const ThriftValue& el = elements[i++];
    const auto rep = static_cast<Repetition>(el.i64(3, 0));
    const std::string name = el.str(4);
    const std::int64_t children = el.i64(5, 0);
    if (children == 0) {
        return SchemaNode::primitive(name, rep, static_cast<PhysicalType>(el.i64(1, 0)),
                                     logicalFrom(el));
    }
    std::vector<SchemaNode> kids;
    for (std::int64_t c = 0; c < children; ++c)
        kids.push_back(buildNode(elements, i));
    return SchemaNode::group(name, rep, std::move(kids), logicalFrom(el));
}

Json plainValue(PhysicalType t, std::string_view data, std::size_t& pos) {
    auto need = [&](std::size_t n) {
        if (pos + n > data.size()) corrupt("truncated PLAIN values");
    };
    switch (t) {
        case PhysicalType::Int32: {
            need(4);
            std::int32_t v = 0;
            std::memcpy(&v, data.data() + pos, 4);
            pos += 4;
            return v;
        }
        case PhysicalType::Int64: {
            need(8);
            std::int64_t v = 0;
            std::memcpy(&v, data.data() + pos, 8);
            pos += 8;
            return v;
        }
        case PhysicalType::Float: {
            need(4);
            float v = 0;
            std::memcpy(&v, data.data() + pos, 4);
            pos += 4;
            return static_cast<double>(v);
        }
        case PhysicalType::Double: {
            need(8);
            double v = 0;
            std::memcpy(&v, data.data() + pos, 8);
            pos += 8;
            return v;
        }
        case PhysicalType::ByteArray: {
            need(4);
            std::uint32_t len = 0;
            std::memcpy(&len, data.data() + pos, 4);
            pos += 4;
            need(len);
            std::string s(data.substr(pos, len));
            pos += len;
            return s;
        }
        case PhysicalType::Boolean:
            break;
    }
    corrupt("unsupported PLAIN type");
}

// Steps over `count` PLAIN values (not booleans) without decoding them.
void skipPlain(PhysicalType t, std::string_view data, std::size_t& pos, std::size_t count) {
    std::size_t width = 0;
    switch (t) {
        case PhysicalType::Int32:
        case PhysicalType::Float:
            width = 4;
            break;
        case PhysicalType::Int64:
        case PhysicalType::Double:
            width = 8;
            break;
        case PhysicalType::ByteArray:
            for (std::size_t k = 0; k < count; ++k) {
                if (pos + 4 > data.size()) corrupt("truncated PLAIN values");
                std::uint32_t len = 0;
                std::memcpy(&len, data.data() + pos, 4);
                pos += 4;
                if (len > data.size() - pos) corrupt("truncated PLAIN values");
                pos += len;
            }
            return;
        case PhysicalType::Boolean:
            corrupt("unsupported PLAIN type");
    }
    if (count > (data.size() - std::min(pos, data.size())) / width)
        corrupt("truncated PLAIN values");
    pos += count * width;
}

// Reads the 4-byte-length-prefixed levels of a v1 data page.
std::size_t readLevels(std::string_view body, std::size_t pos, int maxLevel, std::size_t count,
                       std::vector<std::uint32_t>& out) {
    if (pos + 4 > body.size()) corrupt("truncated levels");
    std::uint32_t len = 0;
    std::memcpy(&len, body.data() + pos, 4);
    pos += 4;
    if (pos + len > body.size()) corrupt("truncated levels");
    RleDecoder::decode(body.substr(pos, len),
                       RleEncoder::bitWidthFor(static_cast<std::uint64_t>(maxLevel)), count, out);
    return pos + len;
}

}  // namespace

FileReader::FileReader(std::string_view file) : file_(file) {
    if (file.size() < 12 || file.substr(0, 4) != "PAR1" || file.substr(file.size() - 4) != "PAR1") {
        corrupt("not a Parquet file");
    }
    std::uint32_t len = 0;
    std::memcpy(&len, file.data() + file.size() - 8, 4);
    if (len > file.size() - 12) corrupt("bad footer length");
    CompactReader r(file.substr(file.size() - 8 - len, len));
    const ThriftValue meta = r.readStruct();
    const ThriftValue* schemaList = meta.field(2);
    if (schemaList == nullptr || schemaList->elements.empty()) corrupt("no schema");
    const auto& elements = schemaList->elements;
    std::size_t i = 1;
    std::vector<SchemaNode> fields;
    for (std::int64_t c = 0; c < elements[0].i64(5, 0); ++c)
        fields.push_back(buildNode(elements, i));
    schema_.emplace(std::move(fields));
    numRows_ = meta.i64(3);
    createdBy_ = meta.str(6);
    if (const ThriftValue* rgs = meta.field(4)) {
        for (const auto& rg : rgs->elements) {
            RowGroupMeta m;
            m.numRows = rg.i64(3);
            const ThriftValue* cols = rg.field(1);
            if (cols == nullptr || cols->elements.size() != schema_->columns().size()) {
                corrupt("row group column count mismatch");
            }
            for (const auto& cc : cols->elements) {
                const ThriftValue* cm = cc.field(3);
                if (cm == nullptr) corrupt("column chunk without metadata");
                ChunkMeta c;
                c.codec = static_cast<std::int32_t>(cm->i64(4));
                c.numValues = cm->i64(5);
                c.totalCompressedSize = cm->i64(7);
                c.dataPageOffset = cm->i64(9);
                if (cm->has(11)) c.dictionaryPageOffset = cm->i64(11);
                if (const ThriftValue* enc = cm->field(2)) {
                    for (const auto& e : enc->elements) {
                        c.encodings.push_back(static_cast<std::int32_t>(e.integer));
                    }
                }
                if (const ThriftValue* st = cm->field(12)) {
                    if (st->has(3)) c.nullCount = st->i64(3);
                    if (st->has(6)) c.minValue = st->str(6);
                    if (st->has(5)) c.maxValue = st->str(5);
                }
                m.columns.push_back(std::move(c));
            }
            rowGroups_.push_back(std::move(m));
        }
    }
}

FileReader::ColumnData FileReader::readChunk(std::size_t column, const ChunkMeta& meta,
                                             std::int64_t firstRow) const {
    const ColumnDescriptor& desc = schema_->columns()[column];
    const bool repeated = desc.maxRepetitionLevel > 0;
    ColumnData out;
    std::int64_t start = meta.dataPageOffset;
    if (meta.dictionaryPageOffset && *meta.dictionaryPageOffset > 0) {
        start = std::min(start, *meta.dictionaryPageOffset);
    }
    if (start < 4 || static_cast<std::uint64_t>(start + meta.totalCompressedSize) > file_.size()) {
        corrupt("column chunk out of range");
    }
    std::string_view chunk = file_.substr(static_cast<std::size_t>(start),
                                          static_cast<std::size_t>(meta.totalCompressedSize));
    // The dictionary stays encoded: only the entries the wanted rows use become JSON.
    std::string dictionaryBody;
    std::vector<std::size_t> dictionary;  // each entry's position in dictionaryBody
    std::string body;
    std::vector<std::uint32_t> indices, pageRep, pageDef;
    std::int64_t valuesSeen = 0;
    std::int64_t row = -1;  // the row of the last level entry read
    std::size_t pos = 0;
    while (pos < chunk.size() && valuesSeen < meta.numValues) {
        CompactReader hr(chunk.substr(pos));
        const ThriftValue header = hr.readStruct();
        pos += hr.position();
        const auto type = header.i64(1);
        const auto uncompressed = static_cast<std::size_t>(header.i64(2));
        const auto compressed = static_cast<std::size_t>(header.i64(3));
        if (pos + compressed > chunk.size()) corrupt("page out of range");
        const std::string_view page = chunk.substr(pos, compressed);
        pos += compressed;
        if (type == static_cast<std::int64_t>(PageType::DictionaryPage)) {
            Compressor::decompress(static_cast<Compression>(meta.codec), page, uncompressed,
                                   dictionaryBody);
            const ThriftValue* dh = header.field(7);
            const std::int64_t n = dh != nullptr ? dh->i64(1) : 0;
            std::size_t p = 0;
            dictionary.clear();
            for (std::int64_t k = 0; k < n; ++k) {
                dictionary.push_back(p);
                skipPlain(desc.type, dictionaryBody, p, 1);
            }
            continue;
        }
        if (type != static_cast<std::int64_t>(PageType::DataPage)) {
            corrupt("unsupported page type " + std::to_string(type) + " in " + desc.dottedPath());
        }
        const ThriftValue* dh = header.field(5);
        if (dh == nullptr) corrupt("data page without header");
        const auto n = static_cast<std::size_t>(dh->i64(1));
        const auto encoding = static_cast<Encoding>(dh->i64(2));
        valuesSeen += static_cast<std::int64_t>(n);
        // A flat column has one entry per row: a page wholly before firstRow is skipped unread.
        if (!repeated && row + static_cast<std::int64_t>(n) < firstRow) {
            row += static_cast<std::int64_t>(n);
            continue;
        }
        Compressor::decompress(static_cast<Compression>(meta.codec), page, uncompressed, body);
        std::size_t p = 0;
        pageRep.clear();
        pageDef.clear();
        if (repeated) {
            p = readLevels(body, p, desc.maxRepetitionLevel, n, pageRep);
        } else {
            pageRep.assign(n, 0);
        }
        if (desc.maxDefinitionLevel > 0) {
            p = readLevels(body, p, desc.maxDefinitionLevel, n, pageDef);
        } else {
            pageDef.assign(n, 0);
        }
        // The wanted entries are the page's tail from `first` on; `skipped` values precede it.
        std::size_t first = n, skipped = 0, present = 0;
        for (std::size_t k = 0; k < n; ++k) {
            if (pageRep[k] == 0) ++row;
            if (first == n && row >= firstRow) first = k;
            if (pageDef[k] == static_cast<std::uint32_t>(desc.maxDefinitionLevel)) {
                ++present;
                if (first == n) ++skipped;
            }
        }
        out.rep.insert(out.rep.end(), pageRep.begin() + static_cast<std::ptrdiff_t>(first),
                       pageRep.end());
        out.def.insert(out.def.end(), pageDef.begin() + static_cast<std::ptrdiff_t>(first),
                       pageDef.end());
        const std::string_view values = std::string_view(body).substr(p);
        if (encoding == Encoding::RleDictionary || encoding == Encoding::PlainDictionary) {
            if (values.empty()) corrupt("dictionary page data without bit width");
            indices.clear();
            RleDecoder::decode(values.substr(1), static_cast<unsigned char>(values[0]), present,
                               indices);
            for (std::size_t k = skipped; k < indices.size(); ++k) {
                if (indices[k] >= dictionary.size()) corrupt("dictionary index out of range");
                std::size_t at = dictionary[indices[k]];
                out.values.push_back(plainValue(desc.type, dictionaryBody, at));
            }
        } else if (encoding == Encoding::Plain) {
            std::size_t vp = 0;
            if (desc.type == PhysicalType::Boolean) {
                for (std::size_t k = skipped; k < present; ++k) {
                    if ((k >> 3) >= values.size()) corrupt("truncated booleans");
                    out.values.push_back(
                        ((static_cast<unsigned char>(values[k >> 3]) >> (k & 7)) & 1) != 0);
                }
            } else {
                skipPlain(desc.type, values, vp, skipped);
                for (std::size_t k = skipped; k < present; ++k) {
                    out.values.push_back(plainValue(desc.type, values, vp));
                }
            }
        } else {
            corrupt("unsupported encoding in " + desc.dottedPath());
        }
    }
    return out;
}

namespace {

struct Cursor {
    const std::vector<std::uint32_t>* def;
    const std::vector<std::uint32_t>* rep;
    const std::vector<Json>* values;
    std::size_t pos = 0;
    std::size_t valuePos = 0;
};

class Assembler {
  public:
    explicit Assembler(std::vector<Cursor>& cursors) : cursors_(cursors) {}

    Json read(const SchemaNode& node) {
        Cursor& c = cursors_[node.firstLeaf()];
        if (c.pos >= c.def->size()) corrupt("column ends early");
        if (node.repetition() != Repetition::Required &&
            (*c.def)[c.pos] < static_cast<std::uint32_t>(node.definitionLevel())) {
            skip(node);
            return nullptr;
        }
        if (node.isLeaf()) {
            ++c.pos;
            if (c.valuePos >= c.values->size()) corrupt("values end early");
            return (*c.values)[c.valuePos++];
        }
        const auto kind = node.logicalType().kind;
        if ((kind == LogicalType::Kind::List || kind == LogicalType::Kind::Map) &&
            node.children().size() == 1 &&
            node.children().front().repetition() == Repetition::Repeated) {
            const SchemaNode& repeated = node.children().front();
            const bool isMap = kind == LogicalType::Kind::Map;
            Json out = isMap ? Json::object() : Json::array();
            if ((*c.def)[c.pos] < static_cast<std::uint32_t>(repeated.definitionLevel())) {
                skip(node);  // present but empty
                return out;
            }
            do {
                if (isMap) {
                    Json key = read(repeated.children().at(0));
                    Json value =
                        repeated.children().size() > 1 ? read(repeated.children()[1]) : Json();
                    out[key.is_string() ? key.get<std::string>() : key.dump()] = std::move(value);
                } else if (repeated.isLeaf() || repeated.children().size() != 1) {
                    out.push_back(readRepeatedAsElement(repeated));
                } else {
                    out.push_back(read(repeated.children().front()));
                }
            } while (c.pos < c.def->size() &&
                     (*c.rep)[c.pos] == static_cast<std::uint32_t>(repeated.repetitionLevel()));
            return out;
        }
        Json obj = Json::object();
        for (const auto& child : node.children())
            obj[child.name()] = read(child);
        return obj;
    }

  private:
    Json readRepeatedAsElement(const SchemaNode& repeated) {
        if (repeated.isLeaf()) {
            Cursor& c = cursors_[repeated.firstLeaf()];
            ++c.pos;
            return (*c.values)[c.valuePos++];
        }
        Json obj = Json::object();
        for (const auto& child : repeated.children())
            obj[child.name()] = read(child);
        return obj;
    }

    void skip(const SchemaNode& node) {
        for (std::size_t i = node.firstLeaf(); i < node.firstLeaf() + node.leafCount(); ++i) {
            ++cursors_[i].pos;
        }
    }

    std::vector<Cursor>& cursors_;
};

}  // namespace

std::vector<Json> FileReader::readRows() const {
    std::vector<Json> rows;
    for (std::size_t i = 0; i < rowGroups_.size(); ++i) {
        auto group = readRowGroup(i);
        rows.insert(rows.end(), std::make_move_iterator(group.begin()),
                    std::make_move_iterator(group.end()));
    }
    return rows;
}

std::vector<Json> FileReader::readRowGroup(std::size_t index) const {
    return readRowGroupFrom(index, 0);
}

std::vector<Json> FileReader::readRowGroupTail(std::size_t index, std::size_t count) const {
    const std::int64_t rows = rowGroups_.at(index).numRows;
    const auto wanted = static_cast<std::int64_t>(std::min<std::uint64_t>(
        count, static_cast<std::uint64_t>(std::max<std::int64_t>(rows, 0))));
    return readRowGroupFrom(index, rows - wanted);
}

std::vector<Json> FileReader::readRowGroupFrom(std::size_t index, std::int64_t firstRow) const {
    const RowGroupMeta& rg = rowGroups_.at(index);
    std::vector<ColumnData> data;
    data.reserve(rg.columns.size());
    for (std::size_t c = 0; c < rg.columns.size(); ++c)
        data.push_back(readChunk(c, rg.columns[c], firstRow));
    std::vector<Cursor> cursors;
    cursors.reserve(data.size());
    for (const auto& d : data)
        cursors.push_back(Cursor{&d.def, &d.rep, &d.values});
    Assembler a(cursors);
    std::vector<Json> rows;
    rows.reserve(static_cast<std::size_t>(std::max<std::int64_t>(0, rg.numRows - firstRow)));
    for (std::int64_t r = firstRow; r < rg.numRows; ++r) {
        Json row = Json::object();
        for (const auto& f : schema_->fields())
            row[f.name()] = a.read(f);
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace riverdelta::lake::parquet
