#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/scenario/json_reader.h"

namespace riverdelta::report {

// "A histogram-weighted lookup": the busiest `populationShare` of the looked-up rows (in
// emission order) are meant to receive `eventShare` of the events (River Hotels: 20 % of the
// customers make 80 % of the clicks and bookings).
struct HotShare {
    double populationShare = 0;
    double eventShare = 0;
};

// A field of a topic's value that the scenario fills from a lookup: every value must exist in
// the looked-up table column or topic field (and be distinct when the lookup is unique).
struct ReferenceRule {
    std::string topic;
    std::string field;          // top-level field of the topic's JSON value
    bool sourceIsTable = true;  // PostgreSQL table, or a topic
    std::string source;         // "cdc.customer", or a topic name
    std::string sourceField;    // the table column, or the top-level field of the topic's value
    bool unique = false;
    std::optional<HotShare> hot;
    [[nodiscard]] std::string id() const { return topic + "." + field; }
};

// The rules of a scenario document with its loadJsonFile references expanded: value fields
// that are a lookup (directly, or a `var` naming a lookup variable, with a path) whose path
// picks a column of a table row (["row", COLUMN]) or a field of a topic's value (["value",
// FIELD], possibly via the var's own path). Generators writing the same topic share rules.
std::vector<ReferenceRule> referenceRules(const scenario::Json& expandedScenario);

// Loads `path` ("builtin:/…" or a file, with SRC=DIR mounts) and returns its rules; empty when
// the scenario cannot be loaded (the run has loaded it already, so that does not happen).
std::vector<ReferenceRule> referenceRulesFromFile(const std::string& path,
                                                  const std::vector<std::string>& mounts);

}  // namespace riverdelta::report
