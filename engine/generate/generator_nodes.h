#pragma once

#include <optional>

#include "engine/generate/node.h"

// Nodes for generator-level features (previous events, throughput) rather than value functions.
namespace riverdelta::generate {

// {"_gen": "previousEvent", "path": [...], "defaultValue": ...}: the instance's (fork's) last
// event, {"topic", "key", "value"} or {"table", "row"}; `defaultValue` stands in for the event
// before there is one, and `path` applies to either.
class PreviousEventNode final : public Node {
  public:
    PreviousEventNode(Path path, const Node* fallback)
        : path_(std::move(path)), fallback_(fallback) {}
    void eval(EvalContext& ctx, Value& out) const override;

  private:
    Path path_;
    const Node* fallback_;  // null: the default is null
};

// localConfigs.throughput given as a function: events per second turned into ms between events.
class PerSecondToMsNode final : public Node {
  public:
    explicit PerSecondToMsNode(const Node* perSecond) : perSecond_(perSecond) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Double; }

  private:
    const Node* perSecond_;
};

}  // namespace riverdelta::generate
