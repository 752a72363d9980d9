#include "engine/generate/kafka_generator_keys.h"

#include <fmt/format.h>

#include "engine/generate/functions/compile_helpers.h"
#include "engine/kafka/java_properties.h"
#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

namespace {

bool stringOrFunction(const Json& j) {
    return j.is_string() || isFunction(j);
}

}  // namespace

bool checkKafkaHeaders(CompileContext& ctx, const Json& headers, const std::string& ptr) {
    if (!headers.is_array()) {
        ctx.error(ptr,
                  "\"headers\" must be an array of {\"key\": …, \"value\": …} objects (Kafka "
                  "record headers), not " +
                      typeName(headers));
        return false;
    }
    bool ok = true;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        const Json& h = headers[i];
        const std::string hptr = scenario::appendPointer(ptr, i);
        if (!h.is_object() || isFunction(h)) {
            ctx.error(hptr, "a header must be an object {\"key\": NAME, \"value\": VALUE}, not " +
                                typeName(h));
            ok = false;
            continue;
        }
        checkKeys(ctx, h, hptr, "a header", {"key", "value"});
        for (const char* part : {"key", "value"}) {
            auto it = h.find(part);
            if (it == h.end()) {
                ctx.error(hptr, fmt::format("a header needs \"{}\"", part));
                ok = false;
            } else if (!stringOrFunction(*it)) {
                ctx.error(scenario::appendPointer(hptr, part),
                          fmt::format("a header's \"{}\" must be a string or a function, not {}",
                                      part, typeName(*it)));
                ok = false;
            }
        }
    }
    return ok;
}

void checkGeneratorProducerConfigs(CompileContext& ctx, const Json& configs,
                                   const std::string& ptr) {
    if (!configs.is_object() || isFunction(configs)) {
        ctx.error(ptr, "\"producerConfigs\" must be an object, not " + typeName(configs));
        return;
    }
    for (auto it = configs.begin(); it != configs.end(); ++it) {
        const std::string kptr = scenario::appendPointer(ptr, it.key());
        if (it.key() != "key.serializer" && it.key() != "value.serializer") {
            ctx.error(kptr, fmt::format("\"{}\" cannot be set per generator: a generator's "
                                        "producerConfigs take \"key.serializer\" and "
                                        "\"value.serializer\"; set producer settings in the "
                                        "connection's producerConfigs",
                                        it.key()));
            continue;
        }
        if (!it->is_string()) {
            ctx.error(kptr,
                      fmt::format("\"{}\" must be a serializer class name (a string)", it.key()));
            continue;
        }
        const auto& name = it->get_ref<const std::string&>();
        if (!kafka::serializerFromJavaClass(name))
            ctx.error(kptr, fmt::format("serializer \"{}\" is not supported; use "
                                        "io.shadowtraffic.kafka.serdes.JsonSerializer, "
                                        "org.apache.kafka.common.serialization.StringSerializer, "
                                        "org.apache.kafka.common.serialization.ByteArraySerializer "
                                        "or io.confluent.kafka.serializers.KafkaAvroSerializer",
                                        name));
    }
}

}  // namespace riverdelta::generate
