#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/avro/avro_encoder.h"
#include "engine/kafka/java_properties.h"
#include "engine/kafka/producer.h"
#include "engine/run/event_sink.h"

namespace riverdelta::avro {
class ConfluentAvroSerializer;
}
namespace riverdelta::generate {
struct GeneratorInfo;
}

namespace riverdelta::run {

class KafkaCluster;
struct StreamCounters;

// One topic generator's events into its cluster, serialised as the connection chose (or the
// generator's own producerConfigs key.serializer / value.serializer): JSON, strings as their
// bytes, or Avro through the Schema Registry (the generator's avroSchemaHint, else the subject's
// latest schema when auto.register.schemas is false). The generator's `headers` become record
// headers: names and values as text (a value that is not a string as its JSON text).
class KafkaSink final : public EventSink {
  public:
    KafkaSink(KafkaCluster& cluster, const generate::GeneratorInfo& info, StreamCounters& counters);
    ~KafkaSink() override;

    void deliver(const generate::Event& event) override;
    void flushDue(bool) override {}

  private:
    std::unique_ptr<avro::ConfluentAvroSerializer> avroFor(const generate::GeneratorInfo& info,
                                                           bool key);

    KafkaCluster& cluster_;
    const std::string topic_;
    StreamCounters& counters_;
    kafka::Serializer keySerializer_, valueSerializer_;
    std::unique_ptr<avro::ConfluentAvroSerializer> keyAvro_, valueAvro_;
    avro::Buffer keyBuffer_, valueBuffer_;
    std::vector<kafka::RecordHeader> headers_;
};

}  // namespace riverdelta::run
