#pragma once

#include <string>

#include "engine/generate/functions/compile_context.h"

namespace riverdelta::generate {

// A Kafka generator's own keys besides topic, key and value (docs.shadowtraffic.io
// connections/kafka, "Setting record headers" and "Overriding producer configuration").

// `headers`: an array of {"key", "value"} objects, each a string or a function evaluated per
// event (a value that is not a string is sent as its JSON text). Reports every problem; true
// when the array can be compiled.
bool checkKafkaHeaders(CompileContext& ctx, const Json& headers, const std::string& pointer);

// Generator-level `producerConfigs`: what ShadowTraffic's generator schema allows there,
// `key.serializer` and `value.serializer` (overriding the connection's for this generator), with
// classes Riverdelta can write. Producer settings such as acks or linger.ms belong to the
// connection (one producer per cluster serves every generator): they are reported, not ignored.
void checkGeneratorProducerConfigs(CompileContext& ctx, const Json& configs,
                                   const std::string& pointer);

}  // namespace riverdelta::generate
