#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/generate/node.h"
#include "engine/generate/nodes.h"

// Nodes of the collection functions (collection_functions.cpp) and of local names.
namespace riverdelta::generate {

// A var slot filled by a function before its body is evaluated (local names, localVars,
// mapItem, re-evaluated iterateVars).
struct LocalBinding {
    std::uint32_t slot;
    const Node* value;
};

// Evaluates the bindings into their var slots, then the body (`names` of math and string).
class LocalsNode final : public Node {
  public:
    LocalsNode(std::vector<LocalBinding> bindings, const Node* body)
        : bindings_(std::move(bindings)), body_(body) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int depth) const override {
        return body_->staticKind(depth + 1);
    }

  private:
    std::vector<LocalBinding> bindings_;
    const Node* body_;
};

// repeatedly: an array of `n` evaluations of `target`; the bindings (localVars and
// iterateVars) are evaluated again before each element.
class RepeatedlyNode final : public Node {
  public:
    RepeatedlyNode(const Node* n, const Node* target, std::vector<LocalBinding> perElement)
        : n_(n), target_(target), perElement_(std::move(perElement)) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Array; }

  private:
    const Node* n_;
    const Node* target_;
    std::vector<LocalBinding> perElement_;
};

// mapEach: `function` evaluated with the var mapItem bound to each element of `over` (or, with
// `juxt`, to the array of the values at those paths of the element).
class MapEachNode final : public Node {
  public:
    MapEachNode(const Node* over, const Node* function, std::uint32_t itemSlot,
                std::vector<Path> juxt)
        : over_(over), function_(function), itemSlot_(itemSlot), juxt_(std::move(juxt)) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Array; }

  private:
    const Node* over_;
    const Node* function_;
    std::uint32_t itemSlot_;
    std::vector<Path> juxt_;
};

// someKeys: a random non-empty subset of the object's keys (only those are evaluated).
class SomeKeysNode final : public Node {
  public:
    SomeKeysNode(std::vector<std::string_view> keys, std::vector<const Node*> values)
        : keys_(std::move(keys)), values_(std::move(values)) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Object; }

  private:
    std::vector<std::string_view> keys_;
    std::vector<const Node*> values_;
};

// merge: the objects' members, later objects overriding earlier keys (in first-seen order).
class MergeNode final : public Node {
  public:
    explicit MergeNode(std::vector<const Node*> objects) : objects_(std::move(objects)) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Object; }

  private:
    std::vector<const Node*> objects_;
};

// map: an object of `n` generated key/value pairs (a repeated key keeps the latest value).
class MapNode final : public Node {
  public:
    MapNode(const Node* key, const Node* value, const Node* n) : key_(key), value_(value), n_(n) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Object; }

  private:
    const Node* key_;
    const Node* value_;
    const Node* n_;
};

// cache: the first value of `to` computed for each value of `on`, for the whole session.
class CacheNode final : public Node {
  public:
    CacheNode(const Node* on, const Node* to, std::uint32_t stateSlot)
        : on_(on), to_(to), slot_(stateSlot) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int depth) const override {
        return to_->staticKind(depth + 1);
    }

  private:
    const Node* on_;
    const Node* to_;
    std::uint32_t slot_;
};

// A var's definition evaluated again (repeatedly's iterateVars). The compiler sets the
// definition of `ref` once every var is compiled.
class VarDefinitionNode final : public Node {
  public:
    explicit VarDefinitionNode(const VarNode* ref) : ref_(ref) {}
    void eval(EvalContext& ctx, Value& out) const override;

  private:
    const VarNode* ref_;
};

// A count parameter's value: a non-negative integer (doubles are truncated), capped at `max`.
std::uint32_t countOf(const Node* n, EvalContext& ctx, std::uint32_t max);

}  // namespace riverdelta::generate
