#include "engine/generate/compiler.h"

#include <fmt/format.h>

#include <new>
#include <utility>

#include "engine/generate/functions/function_registry.h"
#include "engine/generate/scenario_compiler.h"
#include "engine/scenario/builtin_scenarios.h"

namespace riverdelta::generate {

using scenario::appendPointer;

namespace {

constexpr int kMaxDepth = 64;

}  // namespace

const std::vector<std::string>& functionNames() {
    return FunctionRegistry::instance().names();
}

std::unique_ptr<Program> Compiler::run() {
    const std::size_t before = diags_.size();
    const Json& root = src_.root;
    if (!root.is_object()) {
        error("", "a scenario must be a JSON object with \"generators\", not " + typeName(root));
        return nullptr;
    }
    checkKeys(root, "", "the scenario", {"generators", "connections", "schedule", "globalConfigs"});
    readGlobalConfigs(root);
    readConnections(root);
    collectOverrides(root);
    readGeneratorHeaders(root);
    readSchedule(root);
    for (std::size_t i = 0; i < headers_.size(); ++i)
        compileGenerator(i);
    fixups();
    checkLookupCycles();
    if (program_->run_.loop) {  // each pass restarts the counts: no total is known
        for (auto& info : program_->infos_)
            info.maxEvents.reset();
    }
    if (diags_.size() != before) return nullptr;
    return std::move(program_);
}

void Compiler::error(const std::string& pointer, std::string message) {
    // globalConfigs compile once per generator: say each problem once.
    if (!reported_.insert(pointer + '\n' + message).second) return;
    src_.report(diags_, pointer, std::move(message));
}

void Compiler::checkKeys(const Json& obj, const std::string& ptr, const std::string& what,
                         const std::vector<std::string>& allowed) {
    generate::checkKeys(*this, obj, ptr, what, allowed);
}

std::optional<std::int64_t> Compiler::integerLiteral(const Json& j, const std::string& ptr,
                                                     const std::string& what) {
    return generate::integerLiteral(*this, j, ptr, what);
}

Value Compiler::literalAt(const Json& j, int depth) {
    ValueArena& a = program_->constants_;
    if (depth > 10000) return Value::null();  // the loader already reported such nesting
    switch (j.type()) {
        case Json::value_t::boolean:
            return Value::ofBool(j.get<bool>());
        case Json::value_t::number_integer:
            return Value::ofInt(j.get<std::int64_t>());
        case Json::value_t::number_unsigned: {
            const auto u = j.get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(INT64_MAX))
                return Value::ofDouble(static_cast<double>(u));
            return Value::ofInt(static_cast<std::int64_t>(u));
        }
        case Json::value_t::number_float:
            return Value::ofDouble(j.get<double>());
        case Json::value_t::string:
            return Value::ofString(a.copy(j.get_ref<const std::string&>()));
        case Json::value_t::array: {
            const auto n = static_cast<std::uint32_t>(j.size());
            Value* items = a.values(n);
            for (std::uint32_t i = 0; i < n; ++i)
                new (&items[i]) Value(literalAt(j[i], depth + 1));
            return Value::ofArray(items, n);
        }
        case Json::value_t::object: {
            const auto n = static_cast<std::uint32_t>(j.size());
            Member* ms = a.members(n);
            std::uint32_t i = 0;
            for (auto it = j.begin(); it != j.end(); ++it, ++i) {
                new (&ms[i]) Member{a.copy(it.key()), literalAt(it.value(), depth + 1)};
            }
            return Value::ofObject(ms, n);
        }
        default:
            return Value::null();
    }
}

const Node* Compiler::constant(const Json& j) {
    return program_->make<ConstantNode>(literal(j));
}

const Node* Compiler::compile(const Json& j, const std::string& pointer, int depth) {
    return compileValue(j, pointer, *scope_, depth);
}

Value Compiler::literal(const Json& j) {
    return literalAt(j, 0);
}

std::string_view Compiler::keep(std::string text) {
    return program_->keep(std::move(text));
}

ValueArena& Compiler::constants() {
    return program_->constants_;
}

std::uint32_t Compiler::newStateSlot() {
    return program_->stateSlots_++;
}

std::uint32_t Compiler::newNodeStateSlot() {
    return program_->nodeStateSlots_++;
}

std::uint32_t Compiler::pushLocalVar(const std::string& name) {
    const auto slot = static_cast<std::uint32_t>(scope_->slotNodes.size());
    scope_->slotNodes.push_back(nullptr);
    auto it = scope_->slots.find(name);
    scope_->shadowed.emplace_back(
        name, it == scope_->slots.end() ? std::nullopt : std::optional<std::uint32_t>(it->second));
    scope_->slots[name] = slot;
    return slot;
}

void Compiler::popLocalVar(const std::string& name) {
    for (auto it = scope_->shadowed.rbegin(); it != scope_->shadowed.rend(); ++it) {
        if (it->first != name) continue;
        if (it->second) {
            scope_->slots[name] = *it->second;
        } else {
            scope_->slots.erase(name);
        }
        scope_->shadowed.erase(std::next(it).base());
        return;
    }
}

void Compiler::defineLocalVar(std::uint32_t slot, const Node* definition) {
    if (slot < scope_->slotNodes.size()) scope_->slotNodes[slot] = definition;
}

std::optional<std::uint32_t> Compiler::useVar(std::string_view name) {
    return useVar(name, *scope_);
}

std::vector<std::string> Compiler::varNames() const {
    return varNames(*scope_);
}

void Compiler::noteVarNode(VarNode* node, std::uint32_t slot) {
    scope_->varNodes.emplace_back(node, slot);
}

bool Compiler::inVarsOnce() const {
    return scope_->inVarsOnce;
}

void Compiler::adopt(std::unique_ptr<Node> node) {
    program_->nodes_.push_back(std::move(node));
}

std::optional<std::string> Compiler::readDataFile(const std::string& pointer,
                                                  std::string_view reference, std::string& resolved,
                                                  std::string& err) {
    if (!src_.files) {
        err = "this scenario was not read from files";
        return std::nullopt;
    }
    resolved = src_.files->resolve(src_.sources.locate(pointer).file, reference);
    return src_.files->read(resolved, err);
}

std::optional<Path> Compiler::readPath(const Json& j, const std::string& ptr) {
    return generate::readPath(*this, j, ptr);
}

std::optional<HistogramSpec> Compiler::readHistogram(const Json& j, const std::string& ptr) {
    return generate::readHistogram(*this, j, ptr);
}

const Node* Compiler::compileValue(const Json& j, const std::string& ptr, Scope& scope, int depth) {
    if (depth > kMaxDepth) {
        error(ptr, fmt::format("nesting deeper than {} levels", kMaxDepth));
        return nullNode();
    }
    if (j.is_object()) {
        if (j.contains("_gen")) {
            // Function compile steps compile their parameters in the scope they appear in
            // (a fork key's own scope, a state's), through CompileContext.
            Scope* outer = std::exchange(scope_, &scope);
            const Node* node = generate::compileFunction(*this, j, ptr, depth);
            scope_ = outer;
            return node;
        }
        std::vector<std::string_view> keys;
        std::vector<const Node*> children;
        bool allConstant = true;
        for (auto it = j.begin(); it != j.end(); ++it) {
            keys.push_back(program_->keep(it.key()));
            children.push_back(
                compileValue(it.value(), appendPointer(ptr, it.key()), scope, depth + 1));
            allConstant = allConstant && children.back()->constant() != nullptr;
        }
        if (allConstant) {
            // Folded to the children's values: a function that folded (constant, env, …)
            // is its value here, not its JSON.
            Member* ms = program_->constants_.members(children.size());
            std::uint32_t n = 0;
            for (std::size_t i = 0; i < children.size(); ++i)
                if (!children[i]->constant()->isElided())
                    new (&ms[n++]) Member{keys[i], *children[i]->constant()};
            return program_->make<ConstantNode>(Value::ofObject(ms, n));
        }
        return program_->make<ObjectNode>(std::move(keys), std::move(children));
    }
    if (j.is_array()) {
        std::vector<const Node*> children;
        bool allConstant = true;
        for (std::size_t i = 0; i < j.size(); ++i) {
            children.push_back(compileValue(j[i], appendPointer(ptr, i), scope, depth + 1));
            allConstant = allConstant && children.back()->constant() != nullptr;
        }
        if (allConstant) {
            Value* items = program_->constants_.values(children.size());
            std::uint32_t n = 0;
            for (const Node* child : children)
                if (!child->constant()->isElided()) new (&items[n++]) Value(*child->constant());
            return program_->make<ConstantNode>(Value::ofArray(items, n));
        }
        return program_->make<ArrayNode>(std::move(children));
    }
    return constant(j);
}

std::vector<std::string> Compiler::varNames(const Scope& scope) const {
    std::vector<std::string> names;
    for (const auto& [n, _] : scope.slots)
        names.push_back(n);
    return names;
}

std::optional<std::uint32_t> Compiler::useVar(std::string_view name, Scope& scope) {
    auto it = scope.slots.find(name);
    if (it == scope.slots.end()) return std::nullopt;
    if (scope.deps != nullptr) scope.deps->insert(it->second);
    return it->second;
}

std::unique_ptr<Program> compileScenario(const scenario::LoadedScenario& scenario,
                                         scenario::Diagnostics& diagnostics) {
    return Compiler(scenario, diagnostics).run();
}

std::unique_ptr<Program> compileText(const std::string& name, std::string_view text,
                                     scenario::FileResolver& resolver,
                                     scenario::Diagnostics& diagnostics) {
    const std::size_t before = diagnostics.size();
    auto loaded = scenario::loadScenarioText(name, text, resolver, diagnostics);
    if (!loaded) return nullptr;
    auto program = compileScenario(*loaded, diagnostics);
    if (diagnostics.size() != before) return nullptr;
    return program;
}

std::unique_ptr<Program> loadProgram(const std::string& path,
                                     const std::vector<std::string>& mounts,
                                     scenario::Diagnostics& diagnostics) {
    scenario::FileResolver resolver = scenario::makeResolver();
    for (const auto& m : mounts) {
        if (!resolver.addMountSpec(m)) {
            diagnostics.add("--mount", "",
                            fmt::format("malformed mount \"{}\"; expected "
                                        "SRC=DIR",
                                        m));
        }
    }
    if (!diagnostics.empty()) return nullptr;
    auto loaded = scenario::loadScenario(path, resolver, diagnostics);
    if (!loaded) return nullptr;
    auto program = compileScenario(*loaded, diagnostics);
    if (!diagnostics.empty()) return nullptr;
    return program;
}

}  // namespace riverdelta::generate
