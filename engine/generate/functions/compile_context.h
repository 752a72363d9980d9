#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/generate/node.h"
#include "engine/generate/nodes.h"
#include "engine/scenario/json_reader.h"

namespace riverdelta::generate {

using Json = scenario::Json;
struct GeolocationCatalog;

// What a function's compile step may use from the scenario compiler: diagnostics, compiling
// nested values in the current generator's scope, var slots, session state slots and the
// program's stable storage. The compiler implements it; function files never see generator
// headers, connections or schedules.
class CompileContext {
  public:
    CompileContext() = default;
    CompileContext(const CompileContext&) = delete;
    CompileContext& operator=(const CompileContext&) = delete;
    virtual ~CompileContext() = default;

    // Reports a problem at `pointer` of the expanded scenario ("FILE:POINTER: message").
    virtual void error(const std::string& pointer, std::string message) = 0;
    // Compiles any value (literal, object, array or function) in the current scope.
    virtual const Node* compile(const Json& j, const std::string& pointer, int depth) = 0;
    // A literal as a Value kept in the program's constant storage.
    virtual Value literal(const Json& j) = 0;
    // Stable storage for text that compiled nodes point into.
    virtual std::string_view keep(std::string text) = 0;
    // Stable storage for values built at compile time.
    virtual ValueArena& constants() = 0;
    // A fresh per-session integer state slot (starts at 0 in every session).
    virtual std::uint32_t newStateSlot() = 0;
    // A fresh per-session NodeState slot (EvalContext::nodeStates; empty in every session).
    virtual std::uint32_t newNodeStateSlot() = 0;
    // A var visible only while compiling one function's body (repeatedly's localVars, mapEach's
    // mapItem): a new slot of the generator's var array that the function itself fills before
    // evaluating the body. Shadows a var of the same name until popLocalVar.
    virtual std::uint32_t pushLocalVar(const std::string& name) = 0;
    virtual void popLocalVar(const std::string& name) = 0;
    // The node that computes a local var (for staticKind), once compiled.
    virtual void defineLocalVar(std::uint32_t slot, const Node* definition) = 0;
    // The slot of a var of the current generator (recorded as a dependency), or nullopt.
    virtual std::optional<std::uint32_t> useVar(std::string_view name) = 0;
    [[nodiscard]] virtual std::vector<std::string> varNames() const = 0;
    // Lets the compiler tell a var reference which node defines its var (for staticKind).
    virtual void noteVarNode(VarNode* node, std::uint32_t slot) = 0;
    // True while compiling a varsOnce definition.
    [[nodiscard]] virtual bool inVarsOnce() const = 0;
    // The existing lookup compilation (it needs the generators' targets and stages).
    virtual const Node* compileLookup(const Json& j, const std::string& pointer) = 0;
    // previousEvent reads the instance's (fork's) last event: the session keeps it when used.
    virtual const Node* compilePreviousEvent(const Json& j, const std::string& pointer) = 0;

    // Reads a data file that the scenario names at `pointer`: a relative path is resolved
    // against the file holding `pointer` and mounts apply, as for loadJsonFile. `resolved` gets
    // the path read; on failure, nullopt with `error` set.
    virtual std::optional<std::string> readDataFile(const std::string& pointer,
                                                    std::string_view reference,
                                                    std::string& resolved, std::string& error) = 0;

    // globalConfigs.geolocation's country files, once read (null when the scenario has none).
    void setGeolocation(std::shared_ptr<const GeolocationCatalog> catalog) {
        geolocation_ = std::move(catalog);
    }
    [[nodiscard]] const GeolocationCatalog* geolocation() const { return geolocation_.get(); }

    template <class T, class... A>
    T* make(A&&... args) {
        auto owned = std::make_unique<T>(std::forward<A>(args)...);
        T* raw = owned.get();
        adopt(std::move(owned));
        return raw;
    }
    const Node* constantNode(Value v) { return make<ConstantNode>(v); }
    const Node* nullNode() { return make<ConstantNode>(Value::null()); }

  protected:
    // Takes ownership of a node for the program's lifetime.
    virtual void adopt(std::unique_ptr<Node> node) = 0;

  private:
    std::shared_ptr<const GeolocationCatalog> geolocation_;
};

}  // namespace riverdelta::generate
