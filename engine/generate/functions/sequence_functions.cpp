// Sequences: values that follow the generator's event count or the run clock.
#include <fmt/format.h>

#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

namespace {

struct SequenceParams {
    std::int64_t start = 0;
    std::int64_t step = 1;
};

SequenceParams readSequence(const FunctionCall& call) {
    SequenceParams s;
    if (const Json* j = call.param("startingFrom")) {
        if (auto v = integerLiteral(call.ctx(), *j, call.at("startingFrom"), "\"startingFrom\""))
            s.start = *v;
    }
    if (const Json* j = call.param("advanceBy")) {
        if (auto v = integerLiteral(call.ctx(), *j, call.at("advanceBy"), "\"advanceBy\""))
            s.step = *v;
    }
    return s;
}

const Node* compileSequentialInteger(const FunctionCall& call) {
    const SequenceParams s = readSequence(call);
    return call.ctx().make<SequentialIntegerNode>(call.ctx().newStateSlot(), s.start, s.step);
}

const Node* compileSequentialString(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const SequenceParams s = readSequence(call);
    const std::string& text = call.param("expr")->get_ref<const std::string&>();
    if (text.find("~d") == std::string::npos) {
        call.error(call.at("expr"), "\"expr\" must contain ~d where the number goes, like \"C~d\"");
    }
    std::vector<std::string_view> pieces;
    std::size_t from = 0;
    for (;;) {
        auto at = text.find("~d", from);
        pieces.push_back(
            ctx.keep(text.substr(from, at == std::string::npos ? std::string::npos : at - from)));
        if (at == std::string::npos) break;
        from = at + 2;
    }
    return ctx.make<SequentialStringNode>(ctx.newStateSlot(), s.start, s.step, std::move(pieces));
}

}  // namespace

void addSequenceFunctions(std::vector<FunctionSpec>& out) {
    out.push_back({"sequentialInteger",
                   "sequences",
                   "Integers counting from `startingFrom` (0) by `advanceBy` (1), one per "
                   "evaluation.",
                   {{"startingFrom", Accepts::Integer, false, "the first value"},
                    {"advanceBy", Accepts::Integer, false, "the step"}},
                   compileSequentialInteger});
    out.push_back({"sequentialString",
                   "sequences",
                   "`expr` with `~d` replaced by a counter (like `sequentialInteger`).",
                   {{"expr", Accepts::String, true, "a string with ~d, like \"C~d\""},
                    {"startingFrom", Accepts::Integer, false, "the first value"},
                    {"advanceBy", Accepts::Integer, false, "the step"}},
                   compileSequentialString});
}

}  // namespace riverdelta::generate
