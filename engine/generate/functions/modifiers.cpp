// The function modifiers: keys any function may carry, applied around its node.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/functions/function_themes.h"
#include "engine/generate/functions/modifier_nodes.h"
#include "engine/scenario/diagnostic.h"

namespace riverdelta::generate {

using scenario::appendPointer;

std::vector<ModifierSpec> modifierSpecs() {
    return {
        {"path", Accepts::Array, "Keys and indexes drilling into the value (null when missing)."},
        {"selectKeys", Accepts::Array, "Keeps only these keys of an object."},
        {"keyNames", Accepts::Object, "Renames keys of an object: {\"old\": \"new\"}."},
        {"sample", Accepts::Object,
         "`{\"rate\": r}`: keeps each element of an array with probability r."},
        {"clamp", Accepts::Array,
         "`[low, high]`: keeps a number within the bounds (bounds may be functions)."},
        {"decimals", Accepts::Integer,
         "Rounds a number half up to this many places; 0 drops the fraction (an integer)."},
        {"cast", Accepts::String,
         "`string`, or from a string to `integer`, `double` or `boolean`."},
        {"cardinality", Accepts::Integer,
         "At most this many distinct values per run; then earlier values are reused at random."},
        {"serialize", Accepts::Object,
         "`{\"type\": \"postgresTimestamp\"}` (also `sqlServerTimestamp`, `avroDecimal` with "
         "`scale`, `avroFixed`): the value's final form for the target."},
        {"null", Accepts::Object,
         "`{\"rate\": r}`: null with probability r (r may be a function)."},
        {"elide", Accepts::Object,
         "`{\"rate\": r}`, `{\"whenPresent\": f}` or `{\"whenAbsent\": f}`: drops the field from "
         "its object or array."},
        {"pgHint", Accepts::String,
         "The PostgreSQL column type used when Riverdelta creates the table."},
        {"sqlHint", Accepts::String,
         "Column type for MySQL/SQL Server/Oracle tables; accepted, no effect (Riverdelta writes "
         "PostgreSQL)."},
        {"avroHint", Accepts::Object | Accepts::String,
         "Not supported: use `localConfigs.avroSchemaHint` (reported as an error)."},
    };
}

namespace {

bool ownParam(const FunctionSpec& spec, std::string_view name) {
    return std::any_of(spec.params.begin(), spec.params.end(),
                       [&](const ParamSpec& p) { return p.name == name; });
}

// A {"rate": r} object's rate: a number in [0, 1] or a function.
const Node* readRate(const FunctionCall& call, const std::string& key) {
    CompileContext& ctx = call.ctx();
    const Json& obj = *call.param(key);
    const std::string ptr = call.at(key);
    if (!obj.is_object() || isFunction(obj)) {
        call.error(ptr, fmt::format("\"{}\" must be an object {{\"rate\": r}}", key));
        return nullptr;
    }
    checkKeys(ctx, obj, ptr, fmt::format("\"{}\"", key), {"rate"});
    auto r = obj.find("rate");
    if (r == obj.end()) {
        call.error(ptr, fmt::format("\"{}\" needs \"rate\" (a number from 0 to 1)", key));
        return nullptr;
    }
    if (r->is_number()) {
        const double x = r->get<double>();
        if (!(x >= 0 && x <= 1)) {
            call.error(appendPointer(ptr, "rate"), "\"rate\" must be from 0 to 1");
            return nullptr;
        }
    }
    return numberParam(ctx, *r, appendPointer(ptr, "rate"), key, "rate", call.depth());
}

const Node* applySerialize(const FunctionCall& call, const Node* node) {
    CompileContext& ctx = call.ctx();
    const Json& s = *call.param("serialize");
    const std::string ptr = call.at("serialize");
    if (!s.is_object() || isFunction(s)) {
        call.error(ptr, "\"serialize\" must be an object {\"type\": ...}");
        return node;
    }
    checkKeys(ctx, s, ptr, "\"serialize\"", {"type", "scale"});
    static const std::vector<std::string> types = {"postgresTimestamp", "sqlServerTimestamp",
                                                   "avroDecimal", "avroFixed"};
    const bool hasType = s.contains("type");
    const std::string type =
        hasType && s["type"].is_string() ? s["type"].get<std::string>() : std::string();
    if (std::find(types.begin(), types.end(), type) == types.end()) {
        call.error(hasType ? appendPointer(ptr, "type") : ptr,
                   fmt::format("\"serialize\" needs \"type\": {}{}", quoteList(types),
                               type.empty() ? "" : scenario::didYouMean(type, types)));
        return node;
    }
    if (type != "avroDecimal" && s.contains("scale")) {
        call.error(appendPointer(ptr, "scale"), "\"scale\" is only for \"avroDecimal\"");
    }
    if (type == "postgresTimestamp") return ctx.make<TimestampNode>(node, "TIMESTAMPTZ");
    if (type == "sqlServerTimestamp") return ctx.make<TimestampNode>(node, "TIMESTAMP");
    if (type == "avroFixed") return ctx.make<AvroFixedNode>(node);
    auto sc = s.find("scale");
    if (sc == s.end() || !sc->is_number_integer() || sc->get<std::int64_t>() < 0 ||
        sc->get<std::int64_t>() > 18) {
        call.error(sc == s.end() ? ptr : appendPointer(ptr, "scale"),
                   "\"avroDecimal\" needs \"scale\": an integer from 0 to 18");
        return node;
    }
    return ctx.make<AvroDecimalNode>(node, static_cast<int>(sc->get<std::int64_t>()));
}

std::vector<std::string_view> stringList(const FunctionCall& call, const std::string& key) {
    std::vector<std::string_view> out;
    const Json& a = *call.param(key);
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!a[i].is_string()) {
            call.error(appendPointer(call.at(key), i),
                       fmt::format("\"{}\" lists keys (strings), not {}", key, typeName(a[i])));
            continue;
        }
        out.push_back(call.ctx().keep(a[i].get<std::string>()));
    }
    return out;
}

}  // namespace

const Node* applyModifiers(const FunctionCall& call, const FunctionSpec& spec, const Node* node) {
    CompileContext& ctx = call.ctx();
    auto present = [&](const char* name) {
        return call.param(name) != nullptr && !ownParam(spec, name);
    };
    auto wrongType = [&](const char* name, Accepts want) {
        const Json& v = *call.param(name);
        if (accepts(want, v)) return false;
        call.error(call.at(name), fmt::format("modifier \"{}\" must be {}, not {}", name,
                                              describe(want), typeName(v)));
        return true;
    };
    // Innermost first: shape the value, then numbers, then its final form, then whether it
    // is produced at all (null and elide are checked before the function runs).
    if (present("path") && !wrongType("path", Accepts::Array)) {
        if (auto path = readPath(ctx, *call.param("path"), call.at("path")))
            node = ctx.make<PathNode>(node, std::move(*path));
    }
    if (present("selectKeys") && !wrongType("selectKeys", Accepts::Array))
        node = ctx.make<SelectKeysNode>(node, stringList(call, "selectKeys"));
    if (present("keyNames") && !wrongType("keyNames", Accepts::Object)) {
        std::vector<std::pair<std::string_view, std::string_view>> names;
        const Json& k = *call.param("keyNames");
        for (auto it = k.begin(); it != k.end(); ++it) {
            if (!it.value().is_string()) {
                call.error(appendPointer(call.at("keyNames"), it.key()),
                           "a new key name must be a string");
                continue;
            }
            names.emplace_back(ctx.keep(it.key()), ctx.keep(it.value().get<std::string>()));
        }
        node = ctx.make<KeyNamesNode>(node, std::move(names));
    }
    if (present("sample")) {
        if (const Node* rate = readRate(call, "sample")) node = ctx.make<SampleNode>(node, rate);
    }

    const Node* lo = nullptr;
    const Node* hi = nullptr;
    std::optional<int> decimals;
    if (present("decimals")) {
        const Json& d = *call.param("decimals");
        if (!d.is_number_integer() || d.get<std::int64_t>() < 0 || d.get<std::int64_t>() > 15) {
            call.error(call.at("decimals"), "\"decimals\" must be an integer from 0 to 15");
        } else {
            decimals = static_cast<int>(d.get<std::int64_t>());
        }
    }
    if (present("clamp")) {
        const Json& c = *call.param("clamp");
        const std::string cptr = call.at("clamp");
        if (!c.is_array() || c.size() != 2) {
            call.error(cptr, "\"clamp\" must be [low, high]");
        } else {
            lo = numberParam(ctx, c[0], appendPointer(cptr, 0), "clamp", "clamp", call.depth());
            hi = numberParam(ctx, c[1], appendPointer(cptr, 1), "clamp", "clamp", call.depth());
            if (c[0].is_number() && c[1].is_number() && c[0].get<double>() > c[1].get<double>())
                call.error(cptr, "\"clamp\" low bound is above its high bound");
        }
    }
    if (lo != nullptr || hi != nullptr || decimals)
        node = ctx.make<ModifierNode>(node, lo, hi, decimals);

    if (present("cast") && !wrongType("cast", Accepts::String)) {
        static const std::vector<std::string> kinds = {"string", "integer", "double", "boolean"};
        const std::string k = call.param("cast")->get<std::string>();
        const auto at = std::find(kinds.begin(), kinds.end(), k);
        if (at == kinds.end()) {
            call.error(call.at("cast"), fmt::format("\"cast\" must be {}{}", quoteList(kinds),
                                                    scenario::didYouMean(k, kinds)));
        } else {
            node = ctx.make<CastNode>(node, static_cast<CastKind>(at - kinds.begin()));
        }
    }
    if (present("cardinality")) {
        const Json& c = *call.param("cardinality");
        if (!c.is_number_integer() || c.get<std::int64_t>() < 1 ||
            c.get<std::int64_t>() > 10'000'000) {
            call.error(call.at("cardinality"),
                       "\"cardinality\" must be an integer from 1 to 10000000");
        } else {
            node = ctx.make<CardinalityNode>(
                node, static_cast<std::uint32_t>(c.get<std::int64_t>()), ctx.newNodeStateSlot());
        }
    }
    if (present("serialize")) node = applySerialize(call, node);
    for (const char* hint : {"pgHint", "sqlHint"}) {
        if (present(hint)) wrongType(hint, Accepts::String);
    }
    if (present("avroHint")) {
        call.error(call.at("avroHint"),
                   "\"avroHint\" is not supported; give the schema with localConfigs."
                   "avroSchemaHint");
    }
    if (present("null")) {
        if (const Node* rate = readRate(call, "null")) node = ctx.make<NullRateNode>(node, rate);
    }
    if (present("elide")) {
        const Json& e = *call.param("elide");
        const std::string eptr = call.at("elide");
        if (!e.is_object() || isFunction(e)) {
            call.error(eptr,
                       "\"elide\" must be an object with \"rate\", \"whenPresent\" or "
                       "\"whenAbsent\"");
        } else {
            checkKeys(ctx, e, eptr, "\"elide\"", {"rate", "whenPresent", "whenAbsent"});
            if (e.contains("rate")) {
                if (const Node* rate = readRate(call, "elide"))
                    node = ctx.make<ElideNode>(node, ElideNode::Mode::Rate, rate);
            } else if (auto wp = e.find("whenPresent"); wp != e.end()) {
                node = ctx.make<ElideNode>(
                    node, ElideNode::Mode::WhenPresent,
                    ctx.compile(*wp, appendPointer(eptr, "whenPresent"), call.depth() + 1));
            } else if (auto wa = e.find("whenAbsent"); wa != e.end()) {
                node = ctx.make<ElideNode>(
                    node, ElideNode::Mode::WhenAbsent,
                    ctx.compile(*wa, appendPointer(eptr, "whenAbsent"), call.depth() + 1));
            } else {
                call.error(eptr, "\"elide\" needs \"rate\", \"whenPresent\" or \"whenAbsent\"");
            }
        }
    }
    return node;
}

}  // namespace riverdelta::generate
