#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/generate/value.h"

namespace riverdelta::generate {

// An arithmetic expression of the `math` function, compiled once to a small stack program:
// numbers, vars (resolved to slots at compile time), + - * / %, unary minus, parentheses and
// abs acos asin atan cbrt ceil cos cosh exp floor log log10 log2 max min pow round signum sin
// sinh sqrt tan tanh (angles in radians). The result is an integer when every input is
// an integer and only + - * % abs ceil floor round min max were used.
class MathExpr {
  public:
    // Returns the slot of a var name, or nullopt if there is no such var.
    using ResolveVar = std::function<std::optional<std::uint32_t>(std::string_view)>;

    // Compiles `text`; on failure returns nullopt with `error` set.
    static std::optional<MathExpr> compile(std::string_view text, const ResolveVar& resolve,
                                           std::string& error);
    [[nodiscard]] Value eval(const Value* vars) const;
    // Names of the functions it accepts (for suggestions).
    static const std::vector<std::string>& functionNames();

    static constexpr std::size_t kMaxStack = 64;

    enum class Op : std::uint8_t {
        Const,
        Var,
        Neg,
        Add,
        Sub,
        Mul,
        Div,
        Mod,
        Abs,
        Ceil,
        Floor,
        Round,
        Min,
        Max,
        Pow,
        Sqrt,
        Log,
        Exp,
        Acos,
        Asin,
        Atan,
        Cbrt,
        Cos,
        Cosh,
        Log10,
        Log2,
        Sin,
        Sinh,
        Tan,
        Tanh,
        Signum
    };

  private:
    struct Instr {
        Op op;
        bool integral = false;  // Const: literal is an integer
        std::uint32_t arg = 0;  // Var: slot
        double value = 0.0;
    };
    std::vector<Instr> code_;
    friend class MathParser;
};

}  // namespace riverdelta::generate
