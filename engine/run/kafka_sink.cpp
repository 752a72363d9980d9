#include "engine/run/kafka_sink.h"

#include "engine/avro/confluent_serializer.h"
#include "engine/core/error.h"
#include "engine/generate/program.h"
#include "engine/generate/session.h"
#include "engine/kafka/producer.h"
#include "engine/registry/schema_registry.h"
#include "engine/run/kafka_cluster.h"
#include "engine/run/stream_counters.h"
#include "engine/run/value_json.h"

namespace riverdelta::run {

namespace {

bool rawBytes(kafka::Serializer s) {
    return s == kafka::Serializer::String || s == kafka::Serializer::ByteArray;
}

// The generator's producerConfigs override of the connection's serializer (`check` has vetted
// the class name).
kafka::Serializer serializerFor(const generate::GeneratorInfo& info, const char* key,
                                kafka::Serializer connection) {
    const auto& configs = info.sinkConfig;
    if (!configs.is_object() || !configs.contains("producerConfigs")) return connection;
    const auto& pc = configs["producerConfigs"];
    auto it = pc.find(key);
    if (it == pc.end() || !it->is_string()) return connection;
    return kafka::serializerFromJavaClass(it->get<std::string>()).value_or(connection);
}

std::string headerText(const generate::Value& v) {
    return v.kind == generate::ValueKind::String ? std::string(v.string()) : toJson(v).dump();
}

}  // namespace

KafkaSink::KafkaSink(KafkaCluster& cluster, const generate::GeneratorInfo& info,
                     StreamCounters& counters)
    : cluster_(cluster),
      topic_(info.target),
      counters_(counters),
      keySerializer_(serializerFor(info, "key.serializer", cluster.target().keySerializer)),
      valueSerializer_(serializerFor(info, "value.serializer", cluster.target().valueSerializer)) {
    // Avro keys need a key schema: the hint's, or the subject's latest when auto-registration
    // is off; otherwise keys stay JSON as before.
    const bool keySchema =
        (info.avroSchemaHint.is_object() && info.avroSchemaHint.contains("key")) ||
        !cluster.target().autoRegisterSchemas;
    if (keySerializer_ == kafka::Serializer::Avro && info.hasKey && keySchema)
        keyAvro_ = avroFor(info, true);
    if (valueSerializer_ == kafka::Serializer::Avro) valueAvro_ = avroFor(info, false);
}

KafkaSink::~KafkaSink() = default;

std::unique_ptr<avro::ConfluentAvroSerializer> KafkaSink::avroFor(
    const generate::GeneratorInfo& info, bool key) {
    const char* part = key ? "key" : "value";
    auto* registry = cluster_.registry();
    if (!registry)
        throw Error("generator " + info.name + ": Avro " + part +
                    "s need a Schema Registry (schema.registry.url)");
    const auto subject =
        avro::topicSubject(info.target, key ? avro::SubjectPart::Key : avro::SubjectPart::Value);
    const bool autoRegister = cluster_.target().autoRegisterSchemas;
    const auto& hint = info.avroSchemaHint;
    if (hint.is_object() && hint.contains(part)) {
        const std::string text = hint[part].dump();
        if (autoRegister)
            return std::make_unique<avro::ConfluentAvroSerializer>(*registry, subject,
                                                                   avro::Schema::parse(text), true);
        // Registered by someone else: this schema's id when the subject has exactly it, else
        // the subject's latest (a registry may keep another spelling of the same schema).
        if (const auto id = registry->lookupSchemaId(subject, text))
            return std::make_unique<avro::ConfluentAvroSerializer>(
                subject, avro::Schema::parse(text), static_cast<std::int32_t>(*id));
    } else if (autoRegister) {
        throw Error("generator " + info.name + ": Avro needs localConfigs.avroSchemaHint." + part +
                    " (or auto.register.schemas: false to use the subject's latest schema)");
    }
    // auto.register.schemas=false: the schema the subject already has, as a Java client with
    // use.latest.version would.
    registry::SubjectVersion latest;
    try {
        latest = registry->latestVersion(subject);
    } catch (const registry::RegistryError& e) {
        if (e.kind() == registry::RegistryError::Kind::NotFound)
            throw Error("generator " + info.name +
                        ": auto.register.schemas is false and subject \"" + subject +
                        "\" has no registered schema in " + registry->url());
        throw;
    }
    return std::make_unique<avro::ConfluentAvroSerializer>(
        subject, avro::Schema::parse(latest.schema), static_cast<std::int32_t>(latest.id));
}

void KafkaSink::deliver(const generate::Event& ev) {
    cluster_.checkProgress();  // a broker gone for good ends the run, not each event's timeout
    std::string_view key = ev.keyJson == "null" ? std::string_view{} : ev.keyJson;
    if (keyAvro_ && !key.empty()) {
        keyBuffer_.clear();
        keyAvro_->serialize(toJson(ev.key), keyBuffer_);
        key = keyBuffer_.view();
    } else if (rawBytes(keySerializer_) && ev.key.kind == generate::ValueKind::String) {
        key = ev.key.string();
    }
    std::string_view value = ev.payloadJson;
    if (valueAvro_) {
        valueBuffer_.clear();
        valueAvro_->serialize(toJson(ev.payload), valueBuffer_);
        value = valueBuffer_.view();
    } else if (rawBytes(valueSerializer_) && ev.payload.kind == generate::ValueKind::String) {
        value = ev.payload.string();
    }
    const generate::Value& headers = ev.headers();
    if (headers.kind != generate::ValueKind::Array || headers.size == 0) {
        // A queue that stays full as long as a stalled flush may wait: no broker takes events.
        cluster_.producer().produce(topic_, key, value, RD_KAFKA_PARTITION_UA, &counters_,
                                    KafkaCluster::kStalledFlushLimit);
        return;
    }
    headers_.clear();
    for (const auto& h : headers.array()) {
        const generate::Value* name = h.find("key");
        const generate::Value* text = h.find("value");
        if (!name || name->isNull()) continue;  // a header needs a name
        headers_.push_back({headerText(*name), text && !text->isNull()
                                                   ? std::optional<std::string>(headerText(*text))
                                                   : std::nullopt});
    }
    cluster_.producer().produce(topic_, key, value, headers_, RD_KAFKA_PARTITION_UA, &counters_,
                                KafkaCluster::kStalledFlushLimit);
}

}  // namespace riverdelta::run
