#pragma once

#include <string_view>
#include <vector>

#include "engine/generate/program.h"

namespace riverdelta::generate {

// The JSON type a documented key takes.
enum class KeyType : std::uint8_t {
    String,
    Integer,
    Number,
    Bool,
    Object,
    Array,
    Any,
    StringOrFunction,  // a literal string or a `_gen` function (e.g. a secret read with env)
};

// A documented key of a connection or generator object. `keys` lists an object's own keys
// (empty: any key); `values` restricts a string to those values.
struct KeySpec {
    std::string_view name;
    KeyType type = KeyType::Any;
    bool required = false;
    std::vector<KeySpec> keys;
    std::vector<std::string_view> values;
};

// One connection kind ShadowTraffic documents (docs.shadowtraffic.io/connections/…): the keys its
// connection object takes, and how its generators name their target.
struct ConnectionKind {
    std::string_view name;       // "kafka", "postgres", "s3", "fileSystem", …
    std::string_view targetKey;  // the generator key naming the target: "topic", "bucket", …
    TargetKind target = TargetKind::Data;
    std::vector<KeySpec> connectionKeys;  // besides "kind"
    // Generator keys besides name, connection, vars, varsOnce, localConfigs and the target key;
    // for Data targets the payload is "data".
    std::vector<KeySpec> generatorKeys;
    // Generator keys whose values may be functions and are evaluated per event (webhook
    // headers, event ids, …): the compiler puts them in the event's key object.
    std::vector<std::string_view> perEventKeys;
};

const std::vector<ConnectionKind>& connectionKinds();
const ConnectionKind* findConnectionKind(std::string_view name);
// Every kind whose generators use `targetKey` ("bucket": s3 and googleCloudStorage; "kind":
// MotherDuck's reader generators).
std::vector<const ConnectionKind*> kindsForTargetKey(std::string_view targetKey);
// The generator keys that name a target: "topic", "table", "bucket", "container", …
const std::vector<std::string_view>& targetKeys();

}  // namespace riverdelta::generate
