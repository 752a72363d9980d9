#pragma once

#include <cstdint>
#include <vector>

#include "engine/generate/math_expr.h"
#include "engine/generate/node.h"

// Nodes of the arithmetic functions (arithmetic_functions.cpp).
namespace riverdelta::generate {

enum class ArgsOp : std::uint8_t { Add, Subtract, Multiply, Divide, Min, Max };

// add/subtract/multiply/divide/min/max over `args`: a list of nodes, or one node giving an
// array. Integers stay integers except for an inexact division; a non-number gives null.
class ArgsNode final : public Node {
  public:
    ArgsNode(ArgsOp op, std::vector<const Node*> args, const Node* dynamicArgs)
        : op_(op), args_(std::move(args)), dynamic_(dynamicArgs) {}
    void eval(EvalContext& ctx, Value& out) const override;

  private:
    ArgsOp op_;
    std::vector<const Node*> args_;
    const Node* dynamic_;  // used when args_ is empty
};

enum class TrigOp : std::uint8_t { Sin, Cos, Tan };

// sin/cos/tan of `degrees`.
class TrigNode final : public Node {
  public:
    TrigNode(TrigOp op, const Node* degrees) : op_(op), degrees_(degrees) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Double; }

  private:
    TrigOp op_;
    const Node* degrees_;
};

class PowNode final : public Node {
  public:
    PowNode(const Node* base, const Node* exponent) : base_(base), exp_(exponent) {}
    void eval(EvalContext& ctx, Value& out) const override;

  private:
    const Node* base_;
    const Node* exp_;
};

// duration: days/hours/minutes/seconds/ms (numbers or functions) as milliseconds.
class DurationNode final : public Node {
  public:
    struct Part {
        const Node* node;
        double factor;  // milliseconds per unit
    };
    explicit DurationNode(std::vector<Part> parts) : parts_(std::move(parts)) {}
    void eval(EvalContext& ctx, Value& out) const override;

  private:
    std::vector<Part> parts_;
};

// trichotomy: low.result below low.bound, high.result above high.bound, else mid.result.
class TrichotomyNode final : public Node {
  public:
    TrichotomyNode(const Node* value, const Node* lowBound, const Node* low, const Node* highBound,
                   const Node* high, const Node* mid)
        : value_(value),
          lowBound_(lowBound),
          low_(low),
          highBound_(highBound),
          high_(high),
          mid_(mid) {}
    void eval(EvalContext& ctx, Value& out) const override;

  private:
    const Node* value_;
    const Node* lowBound_;
    const Node* low_;
    const Node* highBound_;
    const Node* high_;
    const Node* mid_;
};

// heading: the initial great-circle bearing in degrees [0, 360) from `src` to `dst`
// ([lat, lon] each; radians unless `unit` is "degrees").
class HeadingNode final : public Node {
  public:
    HeadingNode(const Node* src, const Node* dst, bool degrees)
        : src_(src), dst_(dst), degrees_(degrees) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Double; }

  private:
    const Node* src_;
    const Node* dst_;
    bool degrees_;
};

// The bearing in degrees [0, 360) from (lat1, lon1) to (lat2, lon2), all in radians.
double bearingDegrees(double lat1, double lon1, double lat2, double lon2);

}  // namespace riverdelta::generate
