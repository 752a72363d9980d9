#include "engine/generate/math_expr.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

namespace riverdelta::generate {

class MathParser {
  public:
    MathParser(std::string_view text, const MathExpr::ResolveVar& resolve, MathExpr& out)
        : text_(text), resolve_(resolve), out_(out) {}

    bool run(std::string& error) {
        next();
        if (!expression(0)) {
            error = error_;
            return false;
        }
        if (tok_ != Tok::End) {
            error = fmt::format("unexpected \"{}\" at position {} of math expression", tokText_,
                                tokPos_ + 1);
            return false;
        }
        if (static_cast<std::size_t>(maxDepth_) > MathExpr::kMaxStack) {
            error = "math expression is too deeply nested";
            return false;
        }
        return true;
    }

  private:
    enum class Tok { End, Num, Ident, Op, LParen, RParen, Comma, Bad };

    void next() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])))
            ++pos_;
        tokPos_ = pos_;
        if (pos_ >= text_.size()) {
            tok_ = Tok::End;
            tokText_ = "end";
            return;
        }
        char c = text_[pos_];
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
            std::size_t start = pos_;
            bool integral = true;
            while (pos_ < text_.size() &&
                   (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) {
                if (text_[pos_] == '.') integral = false;
                ++pos_;
            }
            if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
                integral = false;
                ++pos_;
                if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
                while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_])))
                    ++pos_;
            }
            tokText_ = std::string(text_.substr(start, pos_ - start));
            auto r = std::from_chars(tokText_.data(), tokText_.data() + tokText_.size(), num_);
            tok_ = (r.ec == std::errc() && r.ptr == tokText_.data() + tokText_.size()) ? Tok::Num
                                                                                       : Tok::Bad;
            numIntegral_ = integral;
            return;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t start = pos_;
            while (pos_ < text_.size() &&
                   (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
                ++pos_;
            tokText_ = std::string(text_.substr(start, pos_ - start));
            tok_ = Tok::Ident;
            return;
        }
        ++pos_;
        tokText_ = std::string(1, c);
        switch (c) {
            case '+':
            case '-':
            case '*':
            case '/':
            case '%':
                tok_ = Tok::Op;
                return;
            case '(':
                tok_ = Tok::LParen;
                return;
            case ')':
                tok_ = Tok::RParen;
                return;
            case ',':
                tok_ = Tok::Comma;
                return;
            default:
                tok_ = Tok::Bad;
        }
    }

    bool fail(std::string message) {
        if (error_.empty()) error_ = std::move(message);
        return false;
    }

    void emit(MathExpr::Op op, int stackEffect) {
        out_.code_.push_back({op, false, 0, 0.0});
        depth_ += stackEffect;
        if (depth_ > maxDepth_) maxDepth_ = depth_;
    }

    bool expression(int level) {
        if (level > 200) return fail("math expression is too deeply nested");
        if (!term(level)) return false;
        while (tok_ == Tok::Op && (tokText_ == "+" || tokText_ == "-")) {
            const bool add = tokText_ == "+";
            next();
            if (!term(level)) return false;
            emit(add ? MathExpr::Op::Add : MathExpr::Op::Sub, -1);
        }
        return true;
    }

    bool term(int level) {
        if (!unary(level)) return false;
        while (tok_ == Tok::Op && (tokText_ == "*" || tokText_ == "/" || tokText_ == "%")) {
            const char op = tokText_[0];
            next();
            if (!unary(level)) return false;
            emit(op == '*'   ? MathExpr::Op::Mul
                 : op == '/' ? MathExpr::Op::Div
                             : MathExpr::Op::Mod,
                 -1);
        }
        return true;
    }

    bool unary(int level) {
        if (tok_ == Tok::Op && (tokText_ == "-" || tokText_ == "+")) {
            const bool neg = tokText_ == "-";
            next();
            if (level > 200) return fail("math expression is too deeply nested");
            if (!unary(level + 1)) return false;
            if (neg) emit(MathExpr::Op::Neg, 0);
            return true;
        }
        return primary(level);
    }

    bool primary(int level) {
        switch (tok_) {
            case Tok::Num: {
                out_.code_.push_back({MathExpr::Op::Const, numIntegral_, 0, num_});
                if (++depth_ > maxDepth_) maxDepth_ = depth_;
                next();
                return true;
            }
            case Tok::LParen: {
                next();
                if (!expression(level + 1)) return false;
                if (tok_ != Tok::RParen) return fail("missing \")\" in math expression");
                next();
                return true;
            }
            case Tok::Ident: {
                std::string name = tokText_;
                next();
                if (tok_ == Tok::LParen) return call(name, level);
                auto slot = resolve_(name);
                if (!slot) {
                    return fail(fmt::format("unknown var \"{}\" in math expression", name));
                }
                out_.code_.push_back({MathExpr::Op::Var, false, *slot, 0.0});
                if (++depth_ > maxDepth_) maxDepth_ = depth_;
                return true;
            }
            case Tok::End:
                return fail("math expression ends too early");
            default:
                return fail(fmt::format("unexpected \"{}\" at position {} of math expression",
                                        tokText_, tokPos_ + 1));
        }
    }

    bool call(const std::string& name, int level) {
        struct Fn {
            const char* name;
            MathExpr::Op op;
            int arity;
        };
        static constexpr Fn kFns[] = {
            {"abs", MathExpr::Op::Abs, 1},       {"ceil", MathExpr::Op::Ceil, 1},
            {"floor", MathExpr::Op::Floor, 1},   {"round", MathExpr::Op::Round, 1},
            {"min", MathExpr::Op::Min, 2},       {"max", MathExpr::Op::Max, 2},
            {"pow", MathExpr::Op::Pow, 2},       {"sqrt", MathExpr::Op::Sqrt, 1},
            {"log", MathExpr::Op::Log, 1},       {"exp", MathExpr::Op::Exp, 1},
            {"acos", MathExpr::Op::Acos, 1},     {"asin", MathExpr::Op::Asin, 1},
            {"atan", MathExpr::Op::Atan, 1},     {"cbrt", MathExpr::Op::Cbrt, 1},
            {"cos", MathExpr::Op::Cos, 1},       {"cosh", MathExpr::Op::Cosh, 1},
            {"log10", MathExpr::Op::Log10, 1},   {"log2", MathExpr::Op::Log2, 1},
            {"sin", MathExpr::Op::Sin, 1},       {"sinh", MathExpr::Op::Sinh, 1},
            {"tan", MathExpr::Op::Tan, 1},       {"tanh", MathExpr::Op::Tanh, 1},
            {"signum", MathExpr::Op::Signum, 1},
        };
        const Fn* fn = nullptr;
        for (const auto& f : kFns) {
            if (name == f.name) fn = &f;
        }
        if (fn == nullptr) {
            return fail(
                fmt::format("unknown math function \"{}\" (known: abs, acos, asin, atan, cbrt, "
                            "ceil, cos, cosh, exp, floor, log, log10, log2, max, min, pow, round, "
                            "signum, sin, sinh, sqrt, tan, tanh)",
                            name));
        }
        next();  // '('
        int args = 0;
        if (tok_ != Tok::RParen) {
            for (;;) {
                if (!expression(level + 1)) return false;
                ++args;
                if (tok_ == Tok::Comma) {
                    next();
                    continue;
                }
                break;
            }
        }
        if (tok_ != Tok::RParen) return fail("missing \")\" after function arguments");
        next();
        if (args != fn->arity) {
            return fail(fmt::format("math function \"{}\" takes {} argument{}, not {}", name,
                                    fn->arity, fn->arity == 1 ? "" : "s", args));
        }
        emit(fn->op, 1 - fn->arity);
        return true;
    }

    std::string_view text_;
    const MathExpr::ResolveVar& resolve_;
    MathExpr& out_;
    std::size_t pos_ = 0, tokPos_ = 0;
    Tok tok_ = Tok::End;
    std::string tokText_;
    double num_ = 0;
    bool numIntegral_ = false;
    int depth_ = 0, maxDepth_ = 0;
    std::string error_;
};

std::optional<MathExpr> MathExpr::compile(std::string_view text, const ResolveVar& resolve,
                                          std::string& error) {
    MathExpr expr;
    MathParser parser(text, resolve, expr);
    if (!parser.run(error)) return std::nullopt;
    if (expr.code_.empty()) {
        error = "math expression is empty";
        return std::nullopt;
    }
    return expr;
}

const std::vector<std::string>& MathExpr::functionNames() {
    static const std::vector<std::string> names = {
        "abs",   "acos",   "asin", "atan",  "cbrt", "ceil", "cos", "cosh",
        "exp",   "floor",  "log",  "log10", "log2", "max",  "min", "pow",
        "round", "signum", "sin",  "sinh",  "sqrt", "tan",  "tanh"};
    return names;
}

namespace {
double unary(MathExpr::Op op, double x) {
    switch (op) {
        case MathExpr::Op::Acos:
            return std::acos(x);
        case MathExpr::Op::Asin:
            return std::asin(x);
        case MathExpr::Op::Atan:
            return std::atan(x);
        case MathExpr::Op::Cbrt:
            return std::cbrt(x);
        case MathExpr::Op::Cos:
            return std::cos(x);
        case MathExpr::Op::Cosh:
            return std::cosh(x);
        case MathExpr::Op::Log10:
            return std::log10(x);
        case MathExpr::Op::Log2:
            return std::log2(x);
        case MathExpr::Op::Sin:
            return std::sin(x);
        case MathExpr::Op::Sinh:
            return std::sinh(x);
        case MathExpr::Op::Tan:
            return std::tan(x);
        case MathExpr::Op::Tanh:
            return std::tanh(x);
        default:
            return x;
    }
}
}  // namespace

Value MathExpr::eval(const Value* vars) const {
    double v[kMaxStack];
    bool in[kMaxStack];  // integral
    int sp = 0;
    for (const Instr& ins : code_) {
        switch (ins.op) {
            case Op::Const:
                v[sp] = ins.value;
                in[sp++] = ins.integral;
                break;
            case Op::Var: {
                const Value& x = vars[ins.arg];
                v[sp] = x.asDouble();
                in[sp++] = x.kind == ValueKind::Int;
                break;
            }
            case Op::Neg:
                v[sp - 1] = -v[sp - 1];
                break;
            case Op::Abs:
                v[sp - 1] = std::fabs(v[sp - 1]);
                break;
            case Op::Ceil:
                v[sp - 1] = std::ceil(v[sp - 1]);
                in[sp - 1] = true;
                break;
            case Op::Floor:
                v[sp - 1] = std::floor(v[sp - 1]);
                in[sp - 1] = true;
                break;
            case Op::Round:
                v[sp - 1] = std::round(v[sp - 1]);
                in[sp - 1] = true;
                break;
            case Op::Sqrt:
                v[sp - 1] = std::sqrt(v[sp - 1]);
                in[sp - 1] = false;
                break;
            case Op::Log:
                v[sp - 1] = std::log(v[sp - 1]);
                in[sp - 1] = false;
                break;
            case Op::Exp:
                v[sp - 1] = std::exp(v[sp - 1]);
                in[sp - 1] = false;
                break;
            case Op::Acos:
            case Op::Asin:
            case Op::Atan:
            case Op::Cbrt:
            case Op::Cos:
            case Op::Cosh:
            case Op::Log10:
            case Op::Log2:
            case Op::Sin:
            case Op::Sinh:
            case Op::Tan:
            case Op::Tanh:
                v[sp - 1] = unary(ins.op, v[sp - 1]);
                in[sp - 1] = false;
                break;
            case Op::Signum:
                v[sp - 1] = v[sp - 1] > 0 ? 1.0 : v[sp - 1] < 0 ? -1.0 : v[sp - 1];
                break;
            default: {
                const double b = v[--sp];
                const bool bi = in[sp];
                double& a = v[sp - 1];
                bool& ai = in[sp - 1];
                switch (ins.op) {
                    case Op::Add:
                        a += b;
                        ai = ai && bi;
                        break;
                    case Op::Sub:
                        a -= b;
                        ai = ai && bi;
                        break;
                    case Op::Mul:
                        a *= b;
                        ai = ai && bi;
                        break;
                    case Op::Div:
                        a /= b;
                        ai = false;
                        break;
                    case Op::Mod:
                        a = std::fmod(a, b);
                        ai = ai && bi;
                        break;
                    case Op::Min:
                        a = std::fmin(a, b);
                        ai = ai && bi;
                        break;
                    case Op::Max:
                        a = std::fmax(a, b);
                        ai = ai && bi;
                        break;
                    case Op::Pow:
                        a = std::pow(a, b);
                        ai = false;
                        break;
                    default:
                        break;
                }
            }
        }
    }
    const double r = v[0];
    if (!std::isfinite(r)) return Value::null();
    if (in[0] && std::fabs(r) < 9.0e15) return Value::ofInt(static_cast<std::int64_t>(r));
    return Value::ofDouble(r);
}

}  // namespace riverdelta::generate
