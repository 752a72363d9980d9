#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/generate/node.h"

// Nodes of the string functions (string_functions.cpp).
namespace riverdelta::generate {

enum class LetterCase : std::uint8_t { Lower, Upper, Mixed };

// characterString: `n` letters; with `unique` no letter repeats (so at most 26, or 52 mixed).
class CharacterStringNode final : public Node {
  public:
    CharacterStringNode(const Node* n, LetterCase letterCase, bool unique)
        : n_(n), case_(letterCase), unique_(unique) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::String; }

  private:
    const Node* n_;
    LetterCase case_;
    bool unique_;
};

// A string of random characters from a fixed alphabet: digitString (digits), gitSha (64 hex).
class RandomCharsNode final : public Node {
  public:
    RandomCharsNode(const Node* n, std::uint32_t fixedLength, std::string_view alphabet)
        : n_(n), fixed_(fixedLength), alphabet_(alphabet) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::String; }

  private:
    const Node* n_;  // length, when not fixed
    std::uint32_t fixed_;
    std::string_view alphabet_;
};

// ulid: 48-bit run-clock milliseconds and 80 random bits, Crockford base32 (26 characters).
class UlidNode final : public Node {
  public:
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::String; }
};

// uuid with version 7: run-clock milliseconds then random bits (RFC 9562).
class UuidV7Node final : public Node {
  public:
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::String; }
};

// bytes: `size` random bytes, base64-encoded (how ShadowTraffic prints byte arrays in JSON).
class BytesNode final : public Node {
  public:
    explicit BytesNode(const Node* size) : size_(size) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::String; }

  private:
    const Node* size_;
};

// interpolate: `template` with each :name token replaced by its parameter's value.
class InterpolateNode final : public Node {
  public:
    struct Piece {
        std::string_view text;  // literal text before the parameter
        const Node* param;      // null for the trailing text
    };
    explicit InterpolateNode(std::vector<Piece> pieces) : pieces_(std::move(pieces)) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::String; }

  private:
    std::vector<Piece> pieces_;
};

enum class StringCase : std::uint8_t { None, Lower, Upper, Capitalized };

// string's transforms: `removeSubstring`, then `case`, then `length` (a prefix of at most that
// many characters).
class StringTransformNode final : public Node {
  public:
    StringTransformNode(const Node* inner, std::string_view remove, StringCase stringCase,
                        std::int64_t length)
        : inner_(inner), remove_(remove), case_(stringCase), length_(length) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::String; }

  private:
    const Node* inner_;
    std::string_view remove_;
    StringCase case_;
    std::int64_t length_;  // -1: keep
};

// Appends `v` as template text: strings as they are, anything else as JSON.
void appendText(const Value& v, std::string& out);

}  // namespace riverdelta::generate
