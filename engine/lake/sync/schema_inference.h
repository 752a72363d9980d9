#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/kafka/consumer.h"
#include "engine/lake/delta/table_schema.h"
#include "engine/lake/sync/sync_job.h"

namespace riverdelta::lake::sync {

// The records a new JSON topic's table schema is inferred from. Only records that decode are
// taken: one truncated value among the first thousand once made inference (and the job) fail
// under every error policy. A record refused here is left to the job's policy when the job
// reads it (suspend, skip or log), like any undecodable record after the table exists.
class SchemaSample {
  public:
    // Takes a copy of `payload` when it is a complete JSON object without reserved member
    // names; otherwise returns why not and keeps nothing.
    std::optional<std::string> add(std::string_view payload);

    [[nodiscard]] std::size_t size() const { return payloads_.size(); }
    [[nodiscard]] bool empty() const { return payloads_.empty(); }
    [[nodiscard]] std::size_t refused() const { return refused_; }

    // The inferred source fields (see inferFields); empty when no record was taken.
    [[nodiscard]] std::vector<delta::StructField> fields() const;

  private:
    std::vector<std::string> payloads_;
    std::size_t refused_ = 0;
};

// What a JSON topic without a schema starts its table from: the first records of its
// partitions, or the schema id of its first Avro record.
struct TopicSample {
    SchemaSample json;
    std::optional<std::int32_t> avroId;
};

// Reads the first records of `partitions` of options.topic from their beginnings (`consumer`
// is assigned there) until options.inferenceSample records decoded, or about two seconds after
// the first one came, or every partition ended; stops at the first Avro record when a schema
// registry is configured (its writer schema is the table's). `checkStop` throws to end early.
TopicSample sampleTopic(kafka::Consumer& consumer, const std::vector<std::int32_t>& partitions,
                        const SyncOptions& options, const std::function<void()>& checkStop);

}  // namespace riverdelta::lake::sync
