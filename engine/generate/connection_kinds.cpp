#include "engine/generate/connection_kinds.h"

namespace riverdelta::generate {

namespace {

// Keys shared by several kinds, as the ShadowTraffic connection pages specify them.
KeySpec logLevel() {
    return {"logLevel",
            KeyType::String,
            false,
            {},
            {"INFO", "WARN", "ERROR", "FATAL", "DEBUG", "TRACE"}};
}
KeySpec tablePolicy() {
    return {"tablePolicy", KeyType::String, false, {}, {"manual", "create", "dropAndCreate"}};
}
KeySpec rowBatch() {
    return {"batchConfigs",
            KeyType::Object,
            false,
            {{"lingerMs", KeyType::Integer}, {"batchRows", KeyType::Integer}},
            {}};
}
KeySpec elementBatch() {
    return {"batchConfigs",
            KeyType::Object,
            false,
            {{"lingerMs", KeyType::Integer},
             {"batchElements", KeyType::Integer},
             {"batchBytes", KeyType::Integer}},
            {}};
}
KeySpec writerConfigs() {
    return {"writerConfigs",
            KeyType::Object,
            false,
            {{"bufferDepth", KeyType::Integer}, {"concurrency", KeyType::Integer}},
            {}};
}
KeySpec sqlConnectionConfigs() {
    return {"connectionConfigs",
            KeyType::Object,
            true,
            {{"host", KeyType::String, true},
             {"port", KeyType::Any, true},  // a number; a string of digits is accepted too
             {"db", KeyType::String, true},
             {"username", KeyType::StringOrFunction},
             {"password", KeyType::StringOrFunction}},
            {}};
}

// bucketConfigs / containerConfigs / fileConfigs: where objects go and how they are encoded.
KeySpec objectConfigs(std::string_view key, std::string_view prefixKey, std::string_view multiKey) {
    return {key,
            KeyType::Object,
            true,
            {{prefixKey, KeyType::StringOrFunction},
             {"format", KeyType::String, true, {}, {"json", "jsonl", "parquet", "log"}},
             {"customSuffix", KeyType::String},
             {"tableFormat", KeyType::String, false, {}, {"iceberg"}},
             {"pretty", KeyType::Bool},
             {"explodeJsonlArrays", KeyType::Bool},
             {"compression", KeyType::String, false, {}, {"gzip"}},
             {"subdir", KeyType::StringOrFunction},
             {"iceberg",
              KeyType::Object,
              false,
              {{"namespace", KeyType::String, true},
               {"table", KeyType::String, true},
               {"catalogProps", KeyType::Object, true}},
              {}},
             {multiKey, KeyType::Object}},
            {}};
}

KeySpec data() {
    return {"data", KeyType::Any, true};
}

std::vector<ConnectionKind> makeKinds() {
    std::vector<ConnectionKind> kinds;
    kinds.push_back(
        {"kafka",
         "topic",
         TargetKind::Topic,
         {{"producerConfigs", KeyType::Object, true},
          {"topicPolicy",
           KeyType::Object,
           false,
           {{"policy", KeyType::String, true, {}, {"manual", "create", "dropAndCreate"}},
            {"partitions", KeyType::Integer},
            {"replicationFactor", KeyType::Integer}},
           {}},
          {"avroSchemas", KeyType::Array},
          {"sendSynchronous", KeyType::Bool},
          {"continueOnRuleException", KeyType::Bool},
          logLevel()},
         // Checked and compiled by kafka_generator_keys (per-event headers, serializer overrides).
         {{"headers", KeyType::Array}, {"producerConfigs", KeyType::Object}},
         {}});
    for (std::string_view sql : {"postgres", "mysql", "oracle", "sqlServer"}) {
        kinds.push_back({sql,
                         "table",
                         TargetKind::Table,
                         {sqlConnectionConfigs(), rowBatch(), tablePolicy()},
                         {},
                         {}});
    }
    kinds.push_back({"motherduck",
                     "table",
                     TargetKind::Table,
                     {{"connectionConfigs",
                       KeyType::Object,
                       true,
                       {{"jdbcUrl", KeyType::StringOrFunction},
                        {"token", KeyType::StringOrFunction},
                        {"db", KeyType::String}},
                       {}},
                      rowBatch(),
                      {"poolSize", KeyType::Integer},
                      tablePolicy()},
                     // `kind: reader` generators send `query` (SQL) instead of writing rows.
                     {{"kind", KeyType::String, false, {}, {"writer", "reader"}},
                      {"query", KeyType::StringOrFunction}},
                     {}});
    kinds.push_back({"s3",
                     "bucket",
                     TargetKind::Data,
                     {elementBatch(),
                      writerConfigs(),
                      logLevel(),
                      {"connectionConfigs",
                       KeyType::Object,
                       false,
                       {{"endpoint", KeyType::String}, {"pathStyleAccess", KeyType::Bool}},
                       {}}},
                     {data(), objectConfigs("bucketConfigs", "keyPrefix", "multiBlob")},
                     {}});
    kinds.push_back({"googleCloudStorage",
                     "bucket",
                     TargetKind::Data,
                     {elementBatch(),
                      {"connectionConfigs",
                       KeyType::Object,
                       true,
                       {{"projectId", KeyType::String, true}, {"host", KeyType::String}},
                       {}}},
                     {data(), objectConfigs("bucketConfigs", "blobPrefix", "multiBlob")},
                     {}});
    kinds.push_back({"azureBlobStorage",
                     "container",
                     TargetKind::Data,
                     {elementBatch(),
                      writerConfigs(),
                      {"connectionConfigs",
                       KeyType::Object,
                       true,
                       {{"connectionString", KeyType::StringOrFunction, true}},
                       {}}},
                     {data(), objectConfigs("containerConfigs", "keyPrefix", "multiBlob")},
                     {}});
    kinds.push_back({"fileSystem",
                     "directory",
                     TargetKind::Data,
                     {elementBatch()},
                     {data(), objectConfigs("fileConfigs", "filePrefix", "multiFile")},
                     {}});
    kinds.push_back(
        {"webhook",
         "url",
         TargetKind::Data,
         {{"printExchange", KeyType::Bool},
          {"connectionConfigs", KeyType::Object, false, {{"maxRequests", KeyType::Number}}, {}}},
         {data(),
          {"urlSuffix", KeyType::Any},
          {"method", KeyType::Any},
          {"headers", KeyType::Object},
          {"queryParams", KeyType::Object}},
         {"urlSuffix", "method", "headers", "queryParams"}});
    for (std::string_view events : {"eventstore", "kurrentdb"}) {
        std::vector<KeySpec> keys = {{"connectionConfigs",
                                      KeyType::Object,
                                      true,
                                      {{"url", KeyType::StringOrFunction, true}},
                                      {}}};
        if (events == "kurrentdb")
            keys.push_back({"batchConfigs",
                            KeyType::Object,
                            false,
                            {{"lingerMs", KeyType::Integer}, {"batchEvents", KeyType::Integer}},
                            {}});
        kinds.push_back({events,
                         "stream",
                         TargetKind::Data,
                         std::move(keys),
                         {data(),
                          {"streamSuffix", KeyType::Any},
                          {"eventId", KeyType::Any},
                          {"eventType", KeyType::Any, true},
                          {"metadata", KeyType::Any}},
                         {"streamSuffix", "eventId", "eventType", "metadata"}});
    }
    return kinds;
}

}  // namespace

const std::vector<ConnectionKind>& connectionKinds() {
    static const std::vector<ConnectionKind> kinds = makeKinds();
    return kinds;
}

const ConnectionKind* findConnectionKind(std::string_view name) {
    for (const auto& k : connectionKinds())
        if (k.name == name) return &k;
    return nullptr;
}

std::vector<const ConnectionKind*> kindsForTargetKey(std::string_view targetKey) {
    std::vector<const ConnectionKind*> out;
    // A reader generator is named by its `kind` (it has no target): only MotherDuck has them.
    if (targetKey == "kind") return {findConnectionKind("motherduck")};
    for (const auto& k : connectionKinds())
        if (k.targetKey == targetKey) out.push_back(&k);
    return out;
}

const std::vector<std::string_view>& targetKeys() {
    static const std::vector<std::string_view> keys = {"topic",     "table", "bucket", "container",
                                                       "directory", "url",   "stream"};
    return keys;
}

}  // namespace riverdelta::generate
