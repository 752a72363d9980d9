#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/generate/functions/compile_context.h"

// Small checks shared by the compiler and the function compile steps.
namespace riverdelta::generate {

// "a number", "a string", "a function", ... for error messages.
std::string typeName(const Json& j);
bool isFunction(const Json& j);
// "\"a\", \"b\" or \"c\"".
std::string quoteList(const std::vector<std::string>& items);

// Reports every key of `obj` not in `allowed` ("unknown key ... in WHAT; did you mean ...").
void checkKeys(CompileContext& ctx, const Json& obj, const std::string& pointer,
               const std::string& what, const std::vector<std::string>& allowed);

// An integer literal (integral floats accepted), or nullopt after reporting.
std::optional<std::int64_t> integerLiteral(CompileContext& ctx, const Json& j,
                                           const std::string& pointer, const std::string& what);

// A number or a function yielding one; reports anything else as a parameter `param` of `fn`.
const Node* numberParam(CompileContext& ctx, const Json& j, const std::string& pointer,
                        const std::string& fn, const std::string& param, int depth);

// A `path`: keys (strings) and indexes (non-negative integers).
std::optional<Path> readPath(CompileContext& ctx, const Json& j, const std::string& pointer);

// A {"_gen": "histogram", "bins": [...]} function. `checkOwnKeys` is false when the caller
// already checked the function's parameters.
std::optional<HistogramSpec> readHistogram(CompileContext& ctx, const Json& j,
                                           const std::string& pointer, bool checkOwnKeys = true);

}  // namespace riverdelta::generate
