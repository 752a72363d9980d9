#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/run/event_sink.h"

namespace riverdelta::generate {
struct GeneratorInfo;
}

namespace riverdelta::run {

class ObjectStore;
struct StreamCounters;

// How a data generator's events become objects: ShadowTraffic's fileConfigs / bucketConfigs /
// containerConfigs and the connection's batchConfigs.
struct ObjectSinkSettings {
    std::string configsKey;  // "fileConfigs", …: where generated subdir/prefix sit in the key
    std::string format = "jsonl";  // json (one array per object), jsonl, log
    std::string prefix;            // filePrefix / keyPrefix / blobPrefix
    std::string subdir;
    std::string suffix;  // customSuffix, else the format
    bool pretty = false;
    bool explodeJsonlArrays = false;
    // An object is rolled when any limit is reached; 0 rolls every event on its own.
    std::chrono::milliseconds linger{500};
    std::optional<std::uint64_t> maxElements = 5000;
    std::optional<std::uint64_t> maxBytes;

    // Reads the generator's configs and the connection object; throws SinkUnavailable for
    // what Riverdelta does not write (parquet, gzip, Iceberg, multiFile/multiBlob).
    static ObjectSinkSettings from(const generate::GeneratorInfo& info,
                                   const nlohmann::json& connection);
};

// Rolls one generator's events into objects (files, or blobs) through an ObjectStore, named
// "<subdir>/<prefix><n>.<suffix>" with n counting up past what is there. Events count as
// acknowledged when the object holding them is stored.
class ObjectSink final : public EventSink {
  public:
    ObjectSink(std::unique_ptr<ObjectStore> store, ObjectSinkSettings settings,
               StreamCounters& counters);
    ~ObjectSink() override;

    void deliver(const generate::Event& event) override;
    void flushDue(bool all) override;

  private:
    struct Pending {
        std::string keyPrefix;  // "subdir/prefix"
        std::string body;
        std::uint64_t elements = 0;
        std::chrono::steady_clock::time_point started{};
        std::optional<std::uint64_t> next;  // the next object's number, once known
    };
    void append(Pending& p, const generate::Event& event);
    void roll(Pending& p);
    [[nodiscard]] bool due(const Pending& p, std::chrono::steady_clock::time_point now) const;

    std::unique_ptr<ObjectStore> store_;
    ObjectSinkSettings settings_;
    StreamCounters& counters_;
    std::map<std::string, Pending> pending_;  // by key prefix
};

}  // namespace riverdelta::run
