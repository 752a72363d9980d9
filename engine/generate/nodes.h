#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/generate/faker.h"
#include "engine/generate/math_expr.h"
#include "engine/generate/node.h"

// The compiled forms of the scenario language's literals and functions. Each node is built
// once by the compiler; parameters are already checked and names already resolved to slots.
namespace riverdelta::generate {

class ConstantNode final : public Node {
  public:
    explicit ConstantNode(Value v) : value_(v) {}
    void eval(EvalContext&, Value& out) const override { out = value_; }
    std::optional<ValueKind> staticKind(int) const override { return value_.kind; }
    const Value* constant() const override { return &value_; }

  private:
    Value value_;
};

class ObjectNode final : public Node {
  public:
    ObjectNode(std::vector<std::string_view> keys, std::vector<const Node*> children)
        : keys_(std::move(keys)), children_(std::move(children)) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Object; }
    [[nodiscard]] const std::vector<std::string_view>& keys() const { return keys_; }
    [[nodiscard]] const std::vector<const Node*>& children() const { return children_; }

  private:
    std::vector<std::string_view> keys_;
    std::vector<const Node*> children_;
};

class ArrayNode final : public Node {
  public:
    explicit ArrayNode(std::vector<const Node*> children) : children_(std::move(children)) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Array; }

  private:
    std::vector<const Node*> children_;
};

// {"_gen": "var", "var": NAME, "path": [...]}
class VarNode final : public Node {
  public:
    VarNode(std::uint32_t slot, Path path) : slot_(slot), path_(std::move(path)) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int depth) const override;
    void setDefinition(const Node* def) { definition_ = def; }
    [[nodiscard]] const Node* definition() const { return definition_; }

  private:
    std::uint32_t slot_;
    Path path_;
    const Node* definition_ = nullptr;
};

class NowNode final : public Node {
  public:
    void eval(EvalContext& ctx, Value& out) const override { out = Value::ofInt(ctx.nowMs); }
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Int; }
};

class SequentialIntegerNode final : public Node {
  public:
    SequentialIntegerNode(std::uint32_t stateSlot, std::int64_t start, std::int64_t step)
        : slot_(stateSlot), start_(start), step_(step) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Int; }
    [[nodiscard]] std::uint32_t slot() const { return slot_; }

  private:
    std::uint32_t slot_;
    std::int64_t start_, step_;
};

// "~d" in `expr` is replaced by the sequence number.
class SequentialStringNode final : public Node {
  public:
    SequentialStringNode(std::uint32_t stateSlot, std::int64_t start, std::int64_t step,
                         std::vector<std::string_view> pieces)
        : slot_(stateSlot), start_(start), step_(step), pieces_(std::move(pieces)) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::String; }

  private:
    std::uint32_t slot_;
    std::int64_t start_, step_;
    std::vector<std::string_view> pieces_;  // text between the ~d markers
};

// `string`: literal text, var slots and Faker calls.
class StringTemplateNode final : public Node {
  public:
    struct Segment {
        enum class Kind : std::uint8_t { Text, Var, Faker } kind = Kind::Text;
        std::string_view text;
        std::uint32_t slot = 0;
        Faker::Call faker;
    };
    explicit StringTemplateNode(std::vector<Segment> segments) : segments_(std::move(segments)) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::String; }

  private:
    std::vector<Segment> segments_;
};

class OneOfNode final : public Node {
  public:
    explicit OneOfNode(std::vector<const Node*> choices) : choices_(std::move(choices)) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int depth) const override;

  private:
    std::vector<const Node*> choices_;
};

// oneOf whose choices come from a function (e.g. a var holding a loaded JSON array).
class OneOfDynamicNode final : public Node {
  public:
    explicit OneOfDynamicNode(const Node* source) : source_(source) {}
    void eval(EvalContext& ctx, Value& out) const override;

  private:
    const Node* source_;
};

class WeightedOneOfNode final : public Node {
  public:
    WeightedOneOfNode(std::span<const double> weights, std::vector<const Node*> choices);
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int depth) const override;

  private:
    std::vector<double> cumulative_;  // normalised to end at 1
    std::vector<const Node*> choices_;
};

class NormalNode final : public Node {
  public:
    NormalNode(const Node* mean, const Node* sd) : mean_(mean), sd_(sd) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Double; }

  private:
    const Node* mean_;
    const Node* sd_;
};

// Uniform over [lo, hi). With `integers` (decimals: 0) uniform over the integers lo..hi, both
// bounds included, so every integer is equally likely.
class UniformNode final : public Node {
  public:
    UniformNode(const Node* lo, const Node* hi, bool integers)
        : lo_(lo), hi_(hi), integers_(integers) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override {
        return integers_ ? ValueKind::Int : ValueKind::Double;
    }

  private:
    const Node* lo_;
    const Node* hi_;
    bool integers_;
};

// Bins: `bin` is a share of the population (the unit interval), `frequency` the relative
// weight of drawing from it. Draws a point in [0, 1).
struct HistogramSpec {
    std::vector<double> binStart;    // start of each bin in [0,1)
    std::vector<double> binWidth;    // share of each bin (normalised to sum 1)
    std::vector<double> cumulative;  // cumulative frequency, normalised to end at 1
    [[nodiscard]] double draw(Rng& rng) const;
};

class HistogramNode final : public Node {
  public:
    explicit HistogramNode(HistogramSpec spec) : spec_(std::move(spec)) {}
    void eval(EvalContext& ctx, Value& out) const override {
        out = Value::ofDouble(spec_.draw(*ctx.rng));
    }
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Double; }

  private:
    HistogramSpec spec_;
};

// A previously emitted event of other generators (one or several: a lookup by topic/table
// reads every generator writing there, in declaration order). Uniform over the kept history
// by default; with a histogram, the bins are shares of the population in emission order.
//
// Riverdelta extension (ShadowTraffic has no equivalent): `"unique": true` hands out each
// emitted event of the target at most once across all unique lookups of that target (drawn
// uniformly among the events not yet handed out). River Hotels uses it so that every review
// names a distinct booking; when none is left and the target has finished, the session fails
// with a clear message.
class LookupNode final : public Node {
  public:
    struct Source {
        std::uint32_t generator;
        std::uint32_t pathIndex;  // index of our path among those the target records
    };
    // Which kept event a (non-unique) lookup returns. InOrder walks the history oldest first,
    // wrapping around (a fork key's default: keys are used, then recycled, in creation order).
    enum class Strategy : std::uint8_t { Random, First, Last, InOrder };
    LookupNode(std::vector<Source> sources, std::optional<HistogramSpec> histogram, bool unique,
               Strategy strategy = Strategy::Random, std::uint32_t cursorSlot = 0)
        : sources_(std::move(sources)),
          histogram_(std::move(histogram)),
          unique_(unique),
          strategy_(strategy),
          cursorSlot_(cursorSlot) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int depth) const override;
    void setTargetNode(const Node* n) { target_ = n; }
    [[nodiscard]] const std::vector<Source>& sources() const { return sources_; }
    [[nodiscard]] bool unique() const { return unique_; }

  private:
    std::vector<Source> sources_;
    std::optional<HistogramSpec> histogram_;
    bool unique_;
    Strategy strategy_;
    std::uint32_t cursorSlot_;      // InOrder: session state slot of the next position
    const Node* target_ = nullptr;  // the looked-up field's node, for staticKind
};

class UuidNode final : public Node {
  public:
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::String; }
};

class BooleanNode final : public Node {
  public:
    void eval(EvalContext& ctx, Value& out) const override {
        out = Value::ofBool((ctx.rng->next() >> 63) != 0);
    }
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Bool; }
};

class MathNode final : public Node {
  public:
    explicit MathNode(MathExpr expr) : expr_(std::move(expr)) {}
    void eval(EvalContext& ctx, Value& out) const override { out = expr_.eval(ctx.vars); }
    std::optional<ValueKind> staticKind(int) const override { return std::nullopt; }

  private:
    MathExpr expr_;
};

// `clamp` and `decimals` applied to any numeric function.
class ModifierNode final : public Node {
  public:
    ModifierNode(const Node* inner, const Node* lo, const Node* hi, std::optional<int> decimals)
        : inner_(inner), lo_(lo), hi_(hi), decimals_(decimals) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int depth) const override;
    [[nodiscard]] const Node* inner() const { return inner_; }

  private:
    const Node* inner_;
    const Node* lo_;
    const Node* hi_;
    std::optional<int> decimals_;
};

// Rounds half away from zero to `decimals` places; 0 truncates to an integer value.
Value roundTo(double x, int decimals);

}  // namespace riverdelta::generate
