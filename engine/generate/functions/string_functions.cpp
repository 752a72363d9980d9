// Text: templates with vars and Faker expressions, identifiers.
#include <fmt/format.h>

#include "engine/generate/faker.h"
#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

namespace {

const Node* compileTemplate(CompileContext& ctx, const std::string& expr,
                            const std::string& pointer) {
    using Segment = StringTemplateNode::Segment;
    std::vector<Segment> segments;
    std::size_t pos = 0;
    bool ok = true;
    while (pos < expr.size()) {
        auto open = expr.find("#{", pos);
        if (open == std::string::npos) {
            segments.push_back({Segment::Kind::Text, ctx.keep(expr.substr(pos)), 0, {}});
            break;
        }
        if (open > pos)
            segments.push_back(
                {Segment::Kind::Text, ctx.keep(expr.substr(pos, open - pos)), 0, {}});
        auto close = expr.find('}', open + 2);
        if (close == std::string::npos) {
            ctx.error(pointer,
                      fmt::format("unterminated \"#{{\" at position {} of the template", open + 1));
            ok = false;
            break;
        }
        std::string inner = expr.substr(open + 2, close - open - 2);
        while (!inner.empty() && inner.front() == ' ')
            inner.erase(inner.begin());
        while (!inner.empty() && inner.back() == ' ')
            inner.pop_back();
        if (auto slot = ctx.useVar(inner)) {
            segments.push_back({Segment::Kind::Var, {}, *slot, {}});
        } else {
            std::string ferr;
            auto fcall = Faker::parse(inner, ferr);
            if (!fcall) {
                std::vector<std::string> candidates = ctx.varNames();
                candidates.insert(candidates.end(), Faker::names().begin(), Faker::names().end());
                const std::string head = inner.substr(0, inner.find(' '));
                if (ferr.rfind("unknown Faker expression", 0) == 0) {
                    ctx.error(pointer, fmt::format("unknown var or Faker expression \"{}\" in "
                                                   "template{}",
                                                   head, scenario::didYouMean(head, candidates)));
                } else {
                    ctx.error(pointer, ferr);
                }
                ok = false;
            } else {
                Segment seg;
                seg.kind = Segment::Kind::Faker;
                seg.faker = std::move(*fcall);
                segments.push_back(std::move(seg));
            }
        }
        pos = close + 1;
    }
    if (!ok) return ctx.nullNode();
    if (segments.size() == 1 && segments[0].kind == Segment::Kind::Text)
        return ctx.constantNode(Value::ofString(segments[0].text));
    return ctx.make<StringTemplateNode>(std::move(segments));
}

const Node* compileString(const FunctionCall& call) {
    return compileTemplate(call.ctx(), call.param("expr")->get_ref<const std::string&>(),
                           call.at("expr"));
}

const Node* compileUuid(const FunctionCall& call) {
    return call.ctx().make<UuidNode>();
}

}  // namespace

void addStringFunctions(std::vector<FunctionSpec>& out) {
    out.push_back({"string",
                   "strings",
                   "A template: `#{name}` is a var, else a Faker expression such as "
                   "`#{Name.firstName}`.",
                   {{"expr", Accepts::String, true, "a template like \"#{Name.firstName}\""}},
                   compileString});
    out.push_back({"uuid", "strings", "A random version 4 UUID.", {}, compileUuid});
}

}  // namespace riverdelta::generate
