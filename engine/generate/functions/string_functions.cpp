// Text: templates with vars and Faker expressions, identifiers.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "engine/generate/faker.h"
#include "engine/generate/functions/collection_nodes.h"
#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/generate/functions/string_nodes.h"
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
        auto close = Faker::closingBrace(expr, open + 2);
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
    CompileContext& ctx = call.ctx();
    std::vector<LocalBinding> bindings;
    std::vector<std::string> pushed;
    if (const Json* names = call.param("names")) {
        std::vector<std::pair<std::string, const Node*>> compiled;
        for (auto it = names->begin(); it != names->end(); ++it)
            compiled.emplace_back(
                it.key(),
                ctx.compile(it.value(), scenario::appendPointer(call.at("names"), it.key()),
                            call.depth() + 1));
        for (auto& [name, node] : compiled) {
            const std::uint32_t slot = ctx.pushLocalVar(name);
            ctx.defineLocalVar(slot, node);
            pushed.push_back(name);
            bindings.push_back({slot, node});
        }
    }
    const Node* node =
        compileTemplate(ctx, call.param("expr")->get_ref<const std::string&>(), call.at("expr"));
    for (auto it = pushed.rbegin(); it != pushed.rend(); ++it)
        ctx.popLocalVar(*it);
    if (!bindings.empty()) node = ctx.make<LocalsNode>(std::move(bindings), node);
    if (const Json* locale = call.param("locale")) {
        // Our word lists are United States English (Datafaker's default locale).
        auto lower = [](std::string s) {
            for (char& c : s)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return s;
        };
        if (locale->size() != 2 || !(*locale)[0].is_string() || !(*locale)[1].is_string() ||
            lower((*locale)[0].get<std::string>()) != "en" ||
            lower((*locale)[1].get<std::string>()) != "us") {
            call.error(call.at("locale"),
                       "only the locale [\"en\", \"us\"] is supported (Riverdelta's "
                       "Faker word lists are United States English)");
            return ctx.nullNode();
        }
    }
    StringCase stringCase = StringCase::None;
    if (const Json* c = call.param("case")) {
        static const std::vector<std::string> cases = {"lower", "upper", "capitalized"};
        const std::string k = c->get<std::string>();
        const auto at = std::find(cases.begin(), cases.end(), k);
        if (at == cases.end()) {
            call.error(call.at("case"), fmt::format("\"case\" must be {}{}", quoteList(cases),
                                                    scenario::didYouMean(k, cases)));
            return ctx.nullNode();
        }
        stringCase = static_cast<StringCase>(at - cases.begin() + 1);
    }
    std::int64_t length = -1;
    if (const Json* l = call.param("length")) {
        length = l->get<std::int64_t>();
        if (length < 0) {
            call.error(call.at("length"), "\"length\" must not be negative");
            return ctx.nullNode();
        }
    }
    std::string_view remove;
    if (const Json* r = call.param("removeSubstring")) remove = ctx.keep(r->get<std::string>());
    if (stringCase == StringCase::None && length < 0 && remove.empty()) return node;
    return ctx.make<StringTransformNode>(node, remove, stringCase, length);
}

const Node* compileUuid(const FunctionCall& call) {
    if (const Json* v = call.param("version")) {
        if (v->get<double>() == 7) return call.ctx().make<UuidV7Node>();
        if (v->get<double>() != 4) {
            call.error(call.at("version"), "\"version\" must be 4 or 7");
            return call.ctx().nullNode();
        }
    }
    return call.ctx().make<UuidNode>();
}

const Node* compileCharacterString(const FunctionCall& call) {
    static const std::vector<std::string> cases = {"lower", "upper", "mixed"};
    const std::string k = call.param("case")->get<std::string>();
    const auto at = std::find(cases.begin(), cases.end(), k);
    if (at == cases.end()) {
        call.error(call.at("case"), fmt::format("\"case\" must be {}{}", quoteList(cases),
                                                scenario::didYouMean(k, cases)));
        return call.ctx().nullNode();
    }
    bool unique = false;
    if (const Json* u = call.param("unique")) unique = u->get<bool>();
    return call.ctx().make<CharacterStringNode>(
        call.compileParam("n"), static_cast<LetterCase>(at - cases.begin()), unique);
}

const Node* compileDigitString(const FunctionCall& call) {
    return call.ctx().make<RandomCharsNode>(call.compileParam("n"), 0, "0123456789");
}

const Node* compileGitSha(const FunctionCall& call) {
    return call.ctx().make<RandomCharsNode>(call.ctx().nullNode(), 64, "0123456789abcdef");
}

const Node* compileUlid(const FunctionCall& call) {
    return call.ctx().make<UlidNode>();
}

const Node* compileBytes(const FunctionCall& call) {
    return call.ctx().make<BytesNode>(call.compileParam("size"));
}

const Node* compileInterpolate(const FunctionCall& call) {
    CompileContext& ctx = call.ctx();
    const std::string& text = call.param("template")->get_ref<const std::string&>();
    const Json& params = *call.param("params");
    std::vector<std::pair<std::string, const Node*>> compiled;
    for (auto it = params.begin(); it != params.end(); ++it)
        compiled.emplace_back(
            it.key(), ctx.compile(it.value(), scenario::appendPointer(call.at("params"), it.key()),
                                  call.depth() + 1));
    // Tokens are ":name" with the longest parameter name that matches; other colons stay.
    std::vector<InterpolateNode::Piece> pieces;
    std::string literal;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ':') {
            const std::pair<std::string, const Node*>* best = nullptr;
            for (const auto& p : compiled) {
                if (text.compare(i + 1, p.first.size(), p.first) == 0 &&
                    (best == nullptr || p.first.size() > best->first.size()))
                    best = &p;
            }
            if (best != nullptr && !best->first.empty()) {
                pieces.push_back({ctx.keep(literal), best->second});
                literal.clear();
                i += 1 + best->first.size();
                continue;
            }
        }
        literal.push_back(text[i++]);
    }
    pieces.push_back({ctx.keep(literal), nullptr});
    return ctx.make<InterpolateNode>(std::move(pieces));
}

}  // namespace

void addStringFunctions(std::vector<FunctionSpec>& out) {
    out.push_back({"string",
                   "strings",
                   "A template: `#{name}` is one of `names`, else a var, else a Faker expression "
                   "such as `#{Name.firstName}`; then `removeSubstring`, `case` and `length`.",
                   {{"expr", Accepts::String, true, "a template like \"#{Name.firstName}\""},
                    {"names", Accepts::Object, false, "local names: {\"name\": value or function}"},
                    {"case", Accepts::String, false, "lower, upper or capitalized"},
                    {"length", Accepts::Integer, false, "keep at most this many characters"},
                    {"removeSubstring", Accepts::String, false, "text removed everywhere"},
                    {"locale", Accepts::Array, false, "[\"en\", \"us\"] (the only word lists)"}},
                   compileString});
    out.push_back({"uuid",
                   "strings",
                   "A random UUID: version 4, or time-ordered version 7.",
                   {{"version", Accepts::Number, false, "4 (default) or 7"}},
                   compileUuid});
    out.push_back({"characterString",
                   "strings",
                   "`n` random letters of `case` lower, upper or mixed; `unique` letters do not "
                   "repeat (so at most 26, or 52 mixed).",
                   {{"n", Accepts::Integer | Accepts::Function, true, "the length"},
                    {"case", Accepts::String, true, "lower, upper or mixed"},
                    {"unique", Accepts::Boolean, false, "no repeated letter"}},
                   compileCharacterString});
    out.push_back({"digitString",
                   "strings",
                   "`n` random digits.",
                   {{"n", Accepts::Integer | Accepts::Function, true, "the length"}},
                   compileDigitString});
    out.push_back({"gitSha",
                   "strings",
                   "64 random lowercase hex digits (a Git SHA-256).",
                   {},
                   compileGitSha});
    out.push_back({"ulid",
                   "strings",
                   "A ULID: run-clock milliseconds and 80 random bits in Crockford base32.",
                   {},
                   compileUlid});
    out.push_back({"bytes",
                   "strings",
                   "`size` random bytes, base64-encoded.",
                   {{"size", Accepts::Integer | Accepts::Function, true, "the number of bytes"}},
                   compileBytes});
    out.push_back({"interpolate",
                   "strings",
                   "`template` with each `:name` token replaced by the value of `params.name`.",
                   {{"template", Accepts::String, true, "text with :name tokens"},
                    {"params", Accepts::Object, true, "{\"name\": value or function}"}},
                   compileInterpolate});
}

}  // namespace riverdelta::generate
