#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace riverdelta::generate {

struct Member;

enum class ValueKind : std::uint8_t { Null, Bool, Int, Double, String, Array, Object };

const char* kindName(ValueKind kind);

// A per-event value. Strings, arrays and objects point into a ValueArena (valid until the
// session produces its next event) or into the compiled Program (valid while it lives).
// 16 bytes, trivially copyable: evaluation never allocates per value.
struct Value {
    ValueKind kind = ValueKind::Null;
    std::uint32_t size = 0;  // string length in bytes, or number of items/members
    union {
        bool boolean;
        std::int64_t integer;
        double number;
        const char* chars;
        const Value* items;
        const Member* members;
    };

    Value() : integer(0) {}
    static Value null() { return {}; }
    static Value ofBool(bool b) {
        Value v;
        v.kind = ValueKind::Bool;
        v.boolean = b;
        return v;
    }
    static Value ofInt(std::int64_t i) {
        Value v;
        v.kind = ValueKind::Int;
        v.integer = i;
        return v;
    }
    static Value ofDouble(double d) {
        Value v;
        v.kind = ValueKind::Double;
        v.number = d;
        return v;
    }
    // `s` must outlive the value (arena or program storage).
    static Value ofString(std::string_view s) {
        Value v;
        v.kind = ValueKind::String;
        v.size = static_cast<std::uint32_t>(s.size());
        v.chars = s.data();
        return v;
    }
    static Value ofArray(const Value* items, std::uint32_t n) {
        Value v;
        v.kind = ValueKind::Array;
        v.size = n;
        v.items = items;
        return v;
    }
    static Value ofObject(const Member* members, std::uint32_t n) {
        Value v;
        v.kind = ValueKind::Object;
        v.size = n;
        v.members = members;
        return v;
    }

    // A null that also asks the enclosing object or array to drop it (the `elide` modifier).
    static Value elided() {
        Value v;
        v.size = kElidedMark;
        return v;
    }
    [[nodiscard]] bool isElided() const { return kind == ValueKind::Null && size == kElidedMark; }
    static constexpr std::uint32_t kElidedMark = 0xE11DEDu;

    [[nodiscard]] bool isNull() const { return kind == ValueKind::Null; }
    [[nodiscard]] bool isNumber() const {
        return kind == ValueKind::Int || kind == ValueKind::Double;
    }
    [[nodiscard]] std::string_view string() const {
        return kind == ValueKind::String ? std::string_view(chars, size) : std::string_view();
    }
    // Numbers as double (NaN for non-numbers; booleans are not numbers).
    [[nodiscard]] double asDouble() const;
    [[nodiscard]] std::span<const Value> array() const {
        return kind == ValueKind::Array ? std::span<const Value>(items, size)
                                        : std::span<const Value>();
    }
    [[nodiscard]] std::span<const Member> object() const;
    // Member lookup by key (linear; objects are small). Null value if absent.
    [[nodiscard]] const Value* find(std::string_view key) const;
};

struct Member {
    std::string_view key;
    Value value;
};

inline std::span<const Member> Value::object() const {
    return kind == ValueKind::Object ? std::span<const Member>(members, size)
                                     : std::span<const Member>();
}

// Deep equality (numbers compare by value across Int/Double).
bool equal(const Value& a, const Value& b);

}  // namespace riverdelta::generate
