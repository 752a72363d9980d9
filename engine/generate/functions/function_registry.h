#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/generate/functions/compile_context.h"

namespace riverdelta::generate {

// The JSON a parameter accepts, as a set of kinds.
enum class Accepts : std::uint16_t {
    Null = 1,
    Boolean = 2,
    Integer = 4,  // an integral number
    Number = 8,   // any number (includes Integer)
    String = 16,
    Array = 32,
    Object = 64,  // a plain object (not a function)
    Function = 128,
    Any = 255,
};
constexpr Accepts operator|(Accepts a, Accepts b) {
    return static_cast<Accepts>(static_cast<std::uint16_t>(a) | static_cast<std::uint16_t>(b));
}
constexpr bool has(Accepts set, Accepts kind) {
    return (static_cast<std::uint16_t>(set) & static_cast<std::uint16_t>(kind)) != 0;
}
// "a number or a function", for messages and the docs table.
std::string describe(Accepts accepts);
bool accepts(Accepts accepts, const Json& j);

struct ParamSpec {
    std::string_view name;
    Accepts accepts = Accepts::Any;
    bool required = false;
    std::string_view summary;  // what it is; shown in "needs parameter" errors and the docs
};

class FunctionCall;
// Builds the node of one call whose parameters were already checked against the spec.
using CompileStep = const Node* (*)(const FunctionCall& call);

// One function of the scenario language: the single place its name, parameters, summary and
// compile step are declared. Suggestions, unknown-parameter errors, `riverdelta-cli functions`
// and the table in docs/scenario-language.md all come from these registrations.
struct FunctionSpec {
    std::string_view name;
    std::string_view theme;  // the file that compiles it: arithmetic, distributions, ...
    std::string_view summary;
    std::vector<ParamSpec> params;
    CompileStep compile = nullptr;
};

// A function modifier: a key any function may carry.
struct ModifierSpec {
    std::string_view name;
    Accepts accepts = Accepts::Any;
    std::string_view summary;
};

// One function call being compiled.
class FunctionCall {
  public:
    FunctionCall(CompileContext& ctx, const Json& json, const std::string& pointer,
                 std::string_view name, int depth)
        : ctx_(ctx), json_(json), pointer_(pointer), name_(name), depth_(depth) {}

    [[nodiscard]] CompileContext& ctx() const { return ctx_; }
    [[nodiscard]] const Json& json() const { return json_; }
    [[nodiscard]] const std::string& pointer() const { return pointer_; }
    [[nodiscard]] std::string name() const { return std::string(name_); }
    [[nodiscard]] int depth() const { return depth_; }
    // The parameter's JSON, or nullptr when absent.
    [[nodiscard]] const Json* param(std::string_view key) const;
    // The JSON pointer of a parameter.
    [[nodiscard]] std::string at(std::string_view key) const;
    // Compiles a present parameter as a value (literal or function).
    [[nodiscard]] const Node* compileParam(std::string_view key) const;
    void error(const std::string& pointer, std::string message) const {
        ctx_.error(pointer, std::move(message));
    }

  private:
    CompileContext& ctx_;
    const Json& json_;
    const std::string& pointer_;
    std::string_view name_;
    int depth_;
};

class FunctionRegistry {
  public:
    static const FunctionRegistry& instance();

    [[nodiscard]] const FunctionSpec* find(std::string_view name) const;
    // Every function, sorted by name.
    [[nodiscard]] const std::vector<FunctionSpec>& functions() const { return functions_; }
    [[nodiscard]] const std::vector<ModifierSpec>& modifiers() const { return modifiers_; }
    [[nodiscard]] const std::vector<std::string>& names() const { return names_; }
    // The Markdown tables of functions and modifiers (docs/scenario-language.md embeds them).
    [[nodiscard]] std::string markdown() const;

  private:
    FunctionRegistry();
    std::vector<FunctionSpec> functions_;
    std::vector<ModifierSpec> modifiers_;
    std::vector<std::string> names_;
};

// Compiles {"_gen": NAME, ...}: looks NAME up, checks the parameters (unknown names with the
// nearest suggestion, required ones, literal types), runs the compile step, then applies the
// modifiers.
const Node* compileFunction(CompileContext& ctx, const Json& j, const std::string& pointer,
                            int depth);

}  // namespace riverdelta::generate
