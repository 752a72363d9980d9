#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/generate/functions/compile_context.h"
#include "engine/scenario/diagnostic.h"

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

// A literal state name (or null: the end, -1) as its index in `index` (name → index); false when
// `name` is neither. An unknown name resolves to -1 and is reported through `report` with
// "<unknown> \"NAME\"" and the nearest known name. Shared by both state-machine forms.
template <class Index, class Report>
bool stateIndexOf(const Json& name, const Index& index, std::string_view unknown,
                  const Report& report, std::int32_t& out) {
    if (!name.is_null() && !name.is_string()) return false;
    out = -1;
    if (name.is_null()) return true;
    const auto& text = name.get_ref<const std::string&>();
    if (auto it = index.find(text); it != index.end()) {
        out = it->second;
        return true;
    }
    std::vector<std::string> names;
    names.reserve(index.size());
    for (const auto& entry : index)
        names.push_back(entry.first);
    report(std::string(unknown) + " \"" + text + "\"" + scenario::didYouMean(text, names));
    return true;
}

}  // namespace riverdelta::generate
