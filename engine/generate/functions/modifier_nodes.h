#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/generate/node.h"

// The function modifiers other than clamp/decimals (ModifierNode in nodes.h). Each wraps the
// node of the function it modifies and is applied in the order applyModifiers documents.
namespace riverdelta::generate {

// `path`: drills into the function's value (null when a step is missing).
class PathNode final : public Node {
  public:
    PathNode(const Node* inner, Path path) : inner_(inner), path_(std::move(path)) {}
    void eval(EvalContext& ctx, Value& out) const override;

  private:
    const Node* inner_;
    Path path_;
};

// `selectKeys`: only these keys of an object, in the object's order.
class SelectKeysNode final : public Node {
  public:
    SelectKeysNode(const Node* inner, std::vector<std::string_view> keys)
        : inner_(inner), keys_(std::move(keys)) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Object; }

  private:
    const Node* inner_;
    std::vector<std::string_view> keys_;
};

// `keyNames`: renames keys of an object (others are kept).
class KeyNamesNode final : public Node {
  public:
    KeyNamesNode(const Node* inner,
                 std::vector<std::pair<std::string_view, std::string_view>> names)
        : inner_(inner), names_(std::move(names)) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int depth) const override {
        return inner_->staticKind(depth + 1);
    }

  private:
    const Node* inner_;
    std::vector<std::pair<std::string_view, std::string_view>> names_;
};

// `sample`: keeps each element of an array with probability `rate`.
class SampleNode final : public Node {
  public:
    SampleNode(const Node* inner, const Node* rate) : inner_(inner), rate_(rate) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::Array; }

  private:
    const Node* inner_;
    const Node* rate_;
};

enum class CastKind : std::uint8_t { String, Integer, Double, Boolean };

// `cast`: to a string, or parsed from a string to an integer, double or boolean.
class CastNode final : public Node {
  public:
    CastNode(const Node* inner, CastKind kind) : inner_(inner), kind_(kind) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override;

  private:
    const Node* inner_;
    CastKind kind_;
};

// `cardinality`: at most `limit` distinct values per session; once reached, a random one of
// them is returned instead of the new value.
class CardinalityNode final : public Node {
  public:
    CardinalityNode(const Node* inner, std::uint32_t limit, std::uint32_t stateSlot)
        : inner_(inner), limit_(limit), slot_(stateSlot) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int depth) const override {
        return inner_->staticKind(depth + 1);
    }

  private:
    const Node* inner_;
    std::uint32_t limit_;
    std::uint32_t slot_;
};

// `serialize` {type: postgresTimestamp | sqlServerTimestamp}: epoch milliseconds as an ISO-8601
// UTC instant ("2024-04-25T20:28:47.262Z"), and a timestamp column type for PostgreSQL DDL.
class TimestampNode final : public Node {
  public:
    TimestampNode(const Node* inner, std::string_view pgType) : inner_(inner), pgType_(pgType) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::String; }
    std::string_view pgTypeHint() const override { return pgType_; }

  private:
    const Node* inner_;
    std::string_view pgType_;
};

// `serialize` {type: avroDecimal, scale}: the unscaled value as big-endian two's-complement
// bytes, each byte one character U+0000..U+00FF (how ShadowTraffic prints Avro bytes in JSON).
class AvroDecimalNode final : public Node {
  public:
    AvroDecimalNode(const Node* inner, int scale) : inner_(inner), scale_(scale) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::String; }

  private:
    const Node* inner_;
    int scale_;
};

// `serialize` {type: avroFixed}: a `bytes` value (base64) as its raw bytes, one character
// U+0000..U+00FF each.
class AvroFixedNode final : public Node {
  public:
    explicit AvroFixedNode(const Node* inner) : inner_(inner) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::String; }

  private:
    const Node* inner_;
};

// `null` {rate}: null with probability `rate` (the function is then not evaluated).
class NullRateNode final : public Node {
  public:
    NullRateNode(const Node* inner, const Node* rate) : inner_(inner), rate_(rate) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int depth) const override {
        return inner_->staticKind(depth + 1);
    }
    std::string_view pgTypeHint() const override { return inner_->pgTypeHint(); }

  private:
    const Node* inner_;
    const Node* rate_;
};

// `elide` {rate | whenPresent | whenAbsent}: the value is dropped from its object or array.
class ElideNode final : public Node {
  public:
    enum class Mode : std::uint8_t { Rate, WhenPresent, WhenAbsent };
    ElideNode(const Node* inner, Mode mode, const Node* arg)
        : inner_(inner), mode_(mode), arg_(arg) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int depth) const override {
        return inner_->staticKind(depth + 1);
    }
    std::string_view pgTypeHint() const override { return inner_->pgTypeHint(); }

  private:
    const Node* inner_;
    Mode mode_;
    const Node* arg_;
};

// Formats epoch milliseconds as "yyyy-MM-ddTHH:mm:ss.SSSZ" (UTC) into `out` (24 bytes).
void isoInstant(std::int64_t epochMs, char* out);

// Bytes as characters U+0000..U+00FF in UTF-8.
void latin1ToUtf8(std::string_view bytes, std::string& out);

}  // namespace riverdelta::generate
