#include "engine/lake/delta/checkpoint.h"

#include "engine/lake/parquet/byte_sink.h"
#include "engine/lake/parquet/file_reader.h"
#include "engine/lake/parquet/file_writer.h"
#include "engine/lake/parquet/json_shredder.h"

namespace riverdelta::lake::delta {
namespace pq = parquet;
using Json = nlohmann::json;

namespace {

pq::SchemaNode str(std::string name) {
    return pq::SchemaNode::string(std::move(name));
}
pq::SchemaNode i64(std::string name) {
    return pq::SchemaNode::int64(std::move(name));
}
pq::SchemaNode i32(std::string name) {
    return pq::SchemaNode::int32(std::move(name));
}
pq::SchemaNode boolean(std::string name) {
    return pq::SchemaNode::boolean(std::move(name));
}
pq::SchemaNode stringMap(std::string name) {
    return pq::SchemaNode::map(std::move(name), pq::Repetition::Optional, str("key"), str("value"));
}
pq::SchemaNode stringList(std::string name) {
    return pq::SchemaNode::list(std::move(name), pq::Repetition::Optional, str("element"));
}
pq::SchemaNode group(std::string name, std::vector<pq::SchemaNode> children) {
    return pq::SchemaNode::group(std::move(name), pq::Repetition::Optional, std::move(children));
}

}  // namespace

pq::Schema Checkpoint::schema() {
    std::vector<pq::SchemaNode> fields;
    fields.push_back(group("txn", {str("appId"), i64("version"), i64("lastUpdated")}));
    fields.push_back(group(
        "add", {str("path"), stringMap("partitionValues"), i64("size"), i64("modificationTime"),
                boolean("dataChange"), str("stats"), stringMap("tags")}));
    fields.push_back(group(
        "remove", {str("path"), i64("deletionTimestamp"), boolean("dataChange"),
                   boolean("extendedFileMetadata"), stringMap("partitionValues"), i64("size")}));
    fields.push_back(group("metaData", {str("id"), str("name"), str("description"),
                                        group("format", {str("provider"), stringMap("options")}),
                                        str("schemaString"), stringList("partitionColumns"),
                                        stringMap("configuration"), i64("createdTime")}));
    fields.push_back(
        group("protocol", {i32("minReaderVersion"), i32("minWriterVersion"),
                           stringList("readerFeatures"), stringList("writerFeatures")}));
    return pq::Schema(std::move(fields));
}

std::string Checkpoint::write(const Snapshot& snapshot, std::int64_t& actions,
                              std::optional<std::int64_t> tombstoneCutoffMs) {
    pq::MemorySink sink;
    pq::WriterOptions options;
    options.compression = pq::Compression::Snappy;
    pq::FileWriter writer(schema(), sink, options);
    pq::JsonShredder shredder(writer);
    actions = 0;
    auto emit = [&](const Action& a) {
        shredder.append(toJson(a));
        writer.endRows();
        ++actions;
    };
    if (snapshot.protocol) emit(*snapshot.protocol);
    if (snapshot.metadata) emit(*snapshot.metadata);
    for (const auto& [id, txn] : snapshot.txns)
        emit(txn);
    for (const auto& [path, add] : snapshot.files) {
        AddFile a = add;
        a.dataChange = false;  // checkpoints reconcile state, they do not change data
        emit(a);
    }
    for (const auto& [path, remove] : snapshot.tombstones) {
        if (tombstoneCutoffMs && remove.deletionTimestamp &&
            *remove.deletionTimestamp < *tombstoneCutoffMs)
            continue;
        RemoveFile r = remove;
        r.dataChange = false;
        emit(r);
    }
    writer.close();
    return sink.take();
}

std::vector<Action> Checkpoint::read(std::string_view parquetBytes) {
    pq::FileReader reader(parquetBytes);
    std::vector<Action> out;
    for (const Json& row : reader.readRows()) {
        for (const auto& [kind, value] : row.items()) {
            if (value.is_null()) continue;
            if (auto a = actionFromJson(Json{{kind, value}})) out.push_back(std::move(*a));
        }
    }
    return out;
}

}  // namespace riverdelta::lake::delta
