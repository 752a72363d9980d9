#include "engine/lake/sync/record_decoder.h"

#include <charconv>
#include <limits>

#include "engine/lake/sync/table_layout.h"

namespace riverdelta::lake::sync {

using delta::DeltaType;

namespace {

std::size_t requireColumn(const delta::TableSchema& schema, std::string_view name) {
    const int i = schema.indexOf(name);
    if (i < 0) throw SchemaConflictError("table has no metadata column " + std::string(name));
    return static_cast<std::size_t>(i);
}

const char* kindName(JsonKind k) {
    switch (k) {
        case JsonKind::String:
            return "a string";
        case JsonKind::Integer:
            return "an integer";
        case JsonKind::Number:
            return "a fractional number";
        case JsonKind::True:
        case JsonKind::False:
            return "a boolean";
        case JsonKind::Null:
            return "null";
        case JsonKind::Object:
            return "an object";
        case JsonKind::Array:
            return "an array";
    }
    return "a value";
}

// Days since 1970-01-01 of a proleptic Gregorian "yyyy-MM-dd" (Howard Hinnant's algorithm).
std::optional<std::int64_t> daysFromCivil(std::string_view s) {
    int y = 0, m = 0, d = 0;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    if (std::from_chars(s.data(), s.data() + 4, y).ec != std::errc() ||
        std::from_chars(s.data() + 5, s.data() + 7, m).ec != std::errc() ||
        std::from_chars(s.data() + 8, s.data() + 10, d).ec != std::errc() || m < 1 || m > 12 ||
        d < 1 || d > 31)
        return std::nullopt;
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy =
        (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// A JSON integer's text (the scanner checked it: an optional '-', then digits). Up to 18
// digits cannot overflow and are summed inline (std::from_chars was a tenth of decoding);
// longer ones go to from_chars, which reports overflow.
bool parseJsonInteger(std::string_view text, std::int64_t& out) {
    const bool negative = !text.empty() && text[0] == '-';
    const std::string_view digits = text.substr(negative ? 1 : 0);
    if (digits.empty() || digits.size() > 18)
        return std::from_chars(text.data(), text.data() + text.size(), out).ec == std::errc();
    std::int64_t v = 0;
    for (const char c : digits)
        v = v * 10 + (c - '0');
    out = negative ? -v : v;
    return true;
}

DeltaType inferredType(JsonKind k) {
    switch (k) {
        case JsonKind::Integer:
            return DeltaType::Long;
        case JsonKind::Number:
            return DeltaType::Double;
        case JsonKind::True:
        case JsonKind::False:
            return DeltaType::Boolean;
        default:
            return DeltaType::String;
    }
}

}  // namespace

RecordDecoder::RecordDecoder(const delta::TableSchema& schema)
    : partitionColumn_(requireColumn(schema, kPartitionColumn)),
      offsetColumn_(requireColumn(schema, kOffsetColumn)),
      timestampColumn_(requireColumn(schema, kTimestampColumn)),
      keyColumn_(requireColumn(schema, kKeyColumn)) {
    for (const auto& f : schema.fields()) {
        std::int64_t scale = 1;
        if (f.metadata.is_object() && f.metadata.value(kTimestampUnitKey, "") == "millis")
            scale = 1000;
        index_.emplace(f.name, columns_.size());
        columns_.push_back({f.name, f.type, f.nullable, scale, JsonScanner::plainKey(f.name)});
    }
    cells_.resize(columns_.size());
    set_.resize(columns_.size());
    jsonText_.resize(columns_.size());
}

bool RecordDecoder::undecodable(std::size_t column, std::string_view why) {
    error_ = "field '" + columns_[column].name + "' (" +
             std::string(delta::toString(columns_[column].type)) + "): " + std::string(why);
    return false;
}

bool RecordDecoder::convert(std::size_t c, const JsonMember& m) {
    Cell& cell = cells_[c];
    const Column& col = columns_[c];
    if (m.kind == JsonKind::Null) {
        if (!col.nullable) return undecodable(c, "null in a required column");
        cell.kind = CellKind::Null;
        return true;
    }
    auto parseInt = [&](std::int64_t& out) {
        if (m.kind != JsonKind::Integer) return false;
        return parseJsonInteger(m.text, out);
    };
    switch (col.type) {
        case DeltaType::String:
            cell.kind = CellKind::Text;
            cell.s = m.text;  // numbers and booleans keep their literal text
            rowBytes_ += m.text.size();
            return true;
        case DeltaType::Long:
            if (!parseInt(cell.i)) return undecodable(c, std::string("got ") + kindName(m.kind));
            cell.kind = CellKind::Int64;
            return true;
        case DeltaType::Timestamp:
        case DeltaType::TimestampNtz: {
            std::int64_t v = 0;
            if (!parseInt(v)) return undecodable(c, std::string("got ") + kindName(m.kind));
            if (v > std::numeric_limits<std::int64_t>::max() / col.timestampScale ||
                v < std::numeric_limits<std::int64_t>::min() / col.timestampScale)
                return undecodable(c, "timestamp out of range");
            cell.kind = CellKind::Int64;
            cell.i = v * col.timestampScale;
            return true;
        }
        case DeltaType::Integer:
        case DeltaType::Short:
        case DeltaType::Byte: {
            std::int64_t v = 0;
            if (!parseInt(v)) return undecodable(c, std::string("got ") + kindName(m.kind));
            const std::int64_t lo = col.type == DeltaType::Integer ? INT32_MIN
                                    : col.type == DeltaType::Short ? INT16_MIN
                                                                   : INT8_MIN;
            const std::int64_t hi = col.type == DeltaType::Integer ? INT32_MAX
                                    : col.type == DeltaType::Short ? INT16_MAX
                                                                   : INT8_MAX;
            if (v < lo || v > hi) return undecodable(c, "integer out of range");
            cell.kind = CellKind::Int32;
            cell.i = v;
            return true;
        }
        case DeltaType::Date: {
            std::int64_t v = 0;
            if (m.kind == JsonKind::String) {
                auto days = daysFromCivil(m.text);
                if (!days) return undecodable(c, "not a yyyy-MM-dd date");
                v = *days;
            } else if (!parseInt(v)) {
                return undecodable(c, std::string("got ") + kindName(m.kind));
            }
            cell.kind = CellKind::Int32;
            cell.i = v;
            return true;
        }
        case DeltaType::Double:
        case DeltaType::Float: {
            if (m.kind != JsonKind::Integer && m.kind != JsonKind::Number)
                return undecodable(c, std::string("got ") + kindName(m.kind));
            double v = 0;
            if (std::from_chars(m.text.data(), m.text.data() + m.text.size(), v).ec != std::errc())
                return undecodable(c, "number out of range");
            cell.kind = col.type == DeltaType::Double ? CellKind::Double : CellKind::Float;
            cell.d = v;
            return true;
        }
        case DeltaType::Boolean:
            if (m.kind != JsonKind::True && m.kind != JsonKind::False)
                return undecodable(c, std::string("got ") + kindName(m.kind));
            cell.kind = CellKind::Bool;
            cell.i = m.kind == JsonKind::True;
            return true;
    }
    return undecodable(c, "unsupported column type");
}

RecordDecoder::Outcome RecordDecoder::decode(std::string_view payload,
                                             const KafkaRecordMeta& meta) {
    error_.clear();
    unknown_.clear();
    rowBytes_ = 0;
    std::fill(set_.begin(), set_.end(), 0);
    if (auto frame = avro::readConfluentHeader(payload)) return decodeAvro(*frame, meta);
    if (!scanner_.reset(payload)) {
        error_ = "value is not a JSON object: " + scanner_.error();
        return Outcome::Undecodable;
    }
    JsonMember m;
    std::size_t expected = 0;  // producers usually write fields in schema order
    while (scanner_.next(m, expected < columns_.size() && columns_[expected].plainName
                                ? std::string_view(columns_[expected].name)
                                : std::string_view{})) {
        std::size_t c;
        if (m.keyWasExpected || (expected < columns_.size() && columns_[expected].name == m.key)) {
            c = expected;
        } else if (auto it = index_.find(m.key); it != index_.end()) {
            c = it->second;
        } else {
            if (m.key.starts_with(kReservedPrefix)) {
                error_ = "field '" + std::string(m.key) + "' uses the reserved prefix '_kafka_'";
                return Outcome::Undecodable;
            }
            if (m.kind != JsonKind::Null)
                unknown_.push_back(
                    {std::string(m.key), inferredType(m.kind), true, nlohmann::json::object()});
            continue;
        }
        if (c == partitionColumn_ || c == offsetColumn_ || c == timestampColumn_ ||
            c == keyColumn_) {
            error_ = "field '" + std::string(m.key) + "' uses the reserved prefix '_kafka_'";
            return Outcome::Undecodable;
        }
        if (set_[c]) {
            error_ = "field '" + std::string(m.key) + "' appears twice";
            return Outcome::Undecodable;
        }
        if (!convert(c, m)) return Outcome::Undecodable;
        set_[c] = 1;
        expected = c + 1;
    }
    if (!scanner_.ok()) {
        error_ = "value is not valid JSON: " + scanner_.error();
        return Outcome::Undecodable;
    }
    if (!unknown_.empty()) return Outcome::UnknownFields;
    return finishRow(meta);
}

RecordDecoder::Outcome RecordDecoder::finishRow(const KafkaRecordMeta& meta) {
    cells_[partitionColumn_] = {CellKind::Int32, meta.partition, 0, {}};
    cells_[offsetColumn_] = {CellKind::Int64, meta.offset, 0, {}};
    cells_[timestampColumn_] =
        meta.timestampMs >= 0 ? Cell{CellKind::Int64, meta.timestampMs * 1000, 0, {}} : Cell{};
    cells_[keyColumn_] = meta.key ? Cell{CellKind::Text, 0, 0, *meta.key} : Cell{};
    set_[partitionColumn_] = set_[offsetColumn_] = set_[timestampColumn_] = set_[keyColumn_] = 1;
    rowBytes_ += 24 + (meta.key ? meta.key->size() : 0);
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        if (set_[c]) continue;
        if (!columns_[c].nullable) {
            error_ = "required field '" + columns_[c].name + "' is missing";
            return Outcome::Undecodable;
        }
        cells_[c] = Cell{};
    }
    return Outcome::Ok;
}

RecordDecoder::AvroStep RecordDecoder::planAvroField(std::int32_t id, const avro::Schema& schema,
                                                     const avro::Field& field) {
    using avro::LogicalType;
    using avro::Type;
    auto conflict = [&](const std::string& why) {
        return SchemaConflictError("Avro schema id " + std::to_string(id) + ": field '" +
                                   field.name + "' " + why);
    };
    const auto it = index_.find(field.name);
    if (it == index_.end()) throw conflict("has no column in the table");
    AvroStep step;
    step.column = it->second;
    if (step.column == partitionColumn_ || step.column == offsetColumn_ ||
        step.column == timestampColumn_ || step.column == keyColumn_)
        throw conflict("uses the reserved prefix '_kafka_'");
    step.node = step.value = field.type;
    const avro::Node& n = schema.node(field.type);
    if (n.type == Type::Union && n.branches.size() == 2 && n.nullBranch >= 0) {
        step.nullBranch = n.nullBranch;
        step.value = n.branches[static_cast<std::size_t>(1 - n.nullBranch)];
    }
    const avro::Node& v = schema.node(step.value);
    const Column& col = columns_[step.column];
    auto mismatch = [&] {
        return conflict(std::string("(") + avro::toString(v.type) + ") cannot go into column '" +
                        col.name + "' (" + std::string(delta::toString(col.type)) + ")");
    };
    switch (col.type) {
        case DeltaType::String:
            step.read = v.type == Type::String ? AvroRead::Text
                        : v.type == Type::Enum ? AvroRead::Enum
                                               : AvroRead::Json;
            if (step.read == AvroRead::Json) step.value = step.node, step.nullBranch = -1;
            break;
        case DeltaType::Long:
            if (v.type != Type::Long && v.type != Type::Int) throw mismatch();
            step.read = v.type == Type::Long ? AvroRead::Int64 : AvroRead::Int32;
            break;
        case DeltaType::Timestamp:
        case DeltaType::TimestampNtz:
            if (v.type != Type::Long) throw mismatch();
            step.read = AvroRead::Int64;
            step.scale = v.logical == LogicalType::TimestampMillis ||
                                 v.logical == LogicalType::LocalTimestampMillis
                             ? 1000
                         : v.logical == LogicalType::TimestampMicros ||
                                 v.logical == LogicalType::LocalTimestampMicros
                             ? 1
                             : col.timestampScale;
            break;
        case DeltaType::Integer:
        case DeltaType::Short:
        case DeltaType::Byte:
        case DeltaType::Date:
            if (v.type != Type::Int) throw mismatch();
            step.read = AvroRead::Int32;
            break;
        case DeltaType::Double:
            if (v.type != Type::Double && v.type != Type::Float) throw mismatch();
            step.read = v.type == Type::Double ? AvroRead::Double : AvroRead::Float;
            break;
        case DeltaType::Float:
            if (v.type != Type::Float) throw mismatch();
            step.read = AvroRead::Float;
            break;
        case DeltaType::Boolean:
            if (v.type != Type::Boolean) throw mismatch();
            step.read = AvroRead::Bool;
            break;
    }
    return step;
}

void RecordDecoder::addWriterSchema(std::int32_t id, std::shared_ptr<const avro::Schema> schema) {
    const avro::Node& root = schema->root();
    if (root.type != avro::Type::Record)
        throw SchemaConflictError("Avro schema id " + std::to_string(id) + " is not a record");
    AvroWriter writer;
    for (const auto& f : root.fields)
        writer.steps.push_back(planAvroField(id, *schema, f));
    writer.schema = std::move(schema);
    avroWriters_[id] = std::move(writer);
}

bool RecordDecoder::readAvro(const AvroWriter& writer, const AvroStep& step,
                             avro::BinaryReader& in) {
    Cell& cell = cells_[step.column];
    const Column& col = columns_[step.column];
    if (step.nullBranch >= 0) {
        const std::int64_t branch = in.readLong();
        if (branch == step.nullBranch) {
            if (!col.nullable) return undecodable(step.column, "null in a required column");
            cell = Cell{};
            return true;
        }
        if (branch != 1 - step.nullBranch)
            return undecodable(step.column, "union branch " + std::to_string(branch));
    }
    switch (step.read) {
        case AvroRead::Text:
            cell.kind = CellKind::Text;
            cell.s = in.readString();
            rowBytes_ += cell.s.size();
            return true;
        case AvroRead::Enum: {
            const auto& symbols = writer.schema->node(step.value).symbols;
            const std::int32_t i = in.readInt();
            if (i < 0 || static_cast<std::size_t>(i) >= symbols.size())
                return undecodable(step.column, "enum index out of range");
            cell.kind = CellKind::Text;
            cell.s = symbols[static_cast<std::size_t>(i)];
            rowBytes_ += cell.s.size();
            return true;
        }
        case AvroRead::Int32:
        case AvroRead::Int64: {
            const std::int64_t v = step.read == AvroRead::Int32 ? in.readInt() : in.readLong();
            if (step.scale != 1 && (v > std::numeric_limits<std::int64_t>::max() / step.scale ||
                                    v < std::numeric_limits<std::int64_t>::min() / step.scale))
                return undecodable(step.column, "timestamp out of range");
            if (col.type == DeltaType::Short && (v < INT16_MIN || v > INT16_MAX))
                return undecodable(step.column, "integer out of range");
            if (col.type == DeltaType::Byte && (v < INT8_MIN || v > INT8_MAX))
                return undecodable(step.column, "integer out of range");
            const bool narrow = col.type == DeltaType::Integer || col.type == DeltaType::Short ||
                                col.type == DeltaType::Byte || col.type == DeltaType::Date;
            cell.kind = narrow ? CellKind::Int32 : CellKind::Int64;
            cell.i = v * step.scale;
            return true;
        }
        case AvroRead::Float:
            cell.kind = col.type == DeltaType::Double ? CellKind::Double : CellKind::Float;
            cell.d = in.readFloat();
            return true;
        case AvroRead::Double:
            cell.kind = CellKind::Double;
            cell.d = in.readDouble();
            return true;
        case AvroRead::Bool:
            cell.kind = CellKind::Bool;
            cell.i = in.readBoolean();
            return true;
        case AvroRead::Json: {
            const auto value = avro::decodeJson(*writer.schema, step.value, in);
            if (value.is_null()) {
                if (!col.nullable) return undecodable(step.column, "null in a required column");
                cell = Cell{};
                return true;
            }
            jsonText_[step.column] =
                value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            cell.kind = CellKind::Text;
            cell.s = jsonText_[step.column];
            rowBytes_ += cell.s.size();
            return true;
        }
    }
    return true;
}

RecordDecoder::Outcome RecordDecoder::decodeAvro(const avro::ConfluentFrame& frame,
                                                 const KafkaRecordMeta& meta) {
    const auto it = avroWriters_.find(frame.schemaId);
    if (it == avroWriters_.end()) {
        schemaId_ = frame.schemaId;
        error_ = "Avro record, schema id " + std::to_string(frame.schemaId) + ": schema unknown";
        return Outcome::UnknownSchema;
    }
    const AvroWriter& writer = it->second;
    avro::BinaryReader in(frame.body);
    try {
        for (const auto& step : writer.steps) {
            if (!readAvro(writer, step, in)) {
                error_ = "Avro record, schema id " + std::to_string(frame.schemaId) + ": " + error_;
                return Outcome::Undecodable;
            }
            set_[step.column] = 1;
        }
    } catch (const avro::AvroError& e) {
        error_ = "Avro record, schema id " + std::to_string(frame.schemaId) + ": " + e.what();
        return Outcome::Undecodable;
    }
    if (!in.atEnd()) {
        error_ = "Avro record, schema id " + std::to_string(frame.schemaId) + ": " +
                 std::to_string(in.remaining()) + " bytes left after the record";
        return Outcome::Undecodable;
    }
    return finishRow(meta);
}

void RecordDecoder::stageTo(RowBatch& batch) const {
    batch.beginRow(cells_.size());
    for (const Cell& cell : cells_) {
        switch (cell.kind) {
            case CellKind::Null:
                batch.addNull();
                break;
            case CellKind::Int64:
            case CellKind::Int32:
            case CellKind::Bool:
                batch.addInt(cell.kind, cell.i);
                break;
            case CellKind::Double:
            case CellKind::Float:
                batch.addDouble(cell.kind, cell.d);
                break;
            case CellKind::Text:
                batch.addText(cell.s);
                break;
        }
    }
}

}  // namespace riverdelta::lake::sync
