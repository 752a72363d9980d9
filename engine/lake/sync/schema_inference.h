#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lake/delta/table_schema.h"

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

}  // namespace riverdelta::lake::sync
