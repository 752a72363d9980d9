#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/generate/connection_kinds.h"
#include "engine/generate/functions/compile_context.h"
#include "engine/generate/functions/compile_helpers.h"
#include "engine/generate/nodes.h"
#include "engine/generate/program.h"
#include "engine/scenario/diagnostic.h"
#include "engine/scenario/loader.h"

namespace riverdelta::generate {

// Compiles one loaded scenario into a Program (compileScenario in compiler.h). Pass 1 reads what
// the generators are (connections, names and targets, configs, the schedule); pass 2 compiles
// each generator's vars, payload, fork and state machine. Internal to compiler.cpp and the
// compile_*.cpp files, which hold its member functions by concern.
class Compiler final : public CompileContext {
  public:
    Compiler(const scenario::LoadedScenario& src, scenario::Diagnostics& diags)
        : src_(src), diags_(diags), program_(std::make_unique<Program>()) {}

    std::unique_ptr<Program> run();

  private:
    std::deque<Json> synthetic_;  // sink-key objects compileSinkKey builds (nodes point in)
    struct Header {
        const Json* json = nullptr;
        std::string pointer;
        bool valid = false;
    };

    // A config key read from localConfigs, else from globalConfigs.
    struct Config {
        const Json* json = nullptr;
        std::string pointer;
        explicit operator bool() const { return json != nullptr; }
    };

    struct Override {
        const Json* json;
        std::string pointer;
        std::size_t stage;
    };

    struct Scope {
        std::size_t generator = 0;
        std::map<std::string, std::uint32_t, std::less<>> slots;
        std::set<std::string> onceNames;
        std::set<std::uint32_t>* deps = nullptr;  // var slots used by the node being compiled
        bool inVarsOnce = false;
        std::vector<std::pair<VarNode*, std::uint32_t>> varNodes;
        std::vector<const Node*> slotNodes;  // definition of each slot
        // Local vars (CompileContext::pushLocalVar) and the slot each one shadows.
        std::vector<std::pair<std::string, std::optional<std::uint32_t>>> shadowed;
        std::vector<Program::Dependency>* lookupDeps = nullptr;  // null: the generator's
        const Json* inOrderLookup = nullptr;  // a fork key lookup: keys in creation order
        bool usesPrevious = false;            // some previousEvent reads the last event
    };

    struct PendingLookup {
        LookupNode* node;
        std::uint32_t source;
        std::string field;  // top-level field read, when the path is [value|row, field]
    };

    // Diagnostics, literals, values and vars (compiler.cpp).
    void error(const std::string& pointer, std::string message) override;
    void checkKeys(const Json& obj, const std::string& ptr, const std::string& what,
                   const std::vector<std::string>& allowed);
    std::optional<std::int64_t> integerLiteral(const Json& j, const std::string& ptr,
                                               const std::string& what);
    Value literalAt(const Json& j, int depth);
    const Node* constant(const Json& j);
    std::optional<Path> readPath(const Json& j, const std::string& ptr);
    std::optional<HistogramSpec> readHistogram(const Json& j, const std::string& ptr);
    const Node* compileValue(const Json& j, const std::string& ptr, Scope& scope, int depth);
    std::vector<std::string> varNames(const Scope& scope) const;
    std::optional<std::uint32_t> useVar(std::string_view name, Scope& scope);

    // CompileContext (compiler.cpp; the lookup and previousEvent ones in compile_lookups.cpp).
    const Node* compile(const Json& j, const std::string& pointer, int depth) override;
    Value literal(const Json& j) override;
    std::string_view keep(std::string text) override;
    ValueArena& constants() override;
    std::uint32_t newStateSlot() override;
    std::uint32_t newNodeStateSlot() override;
    std::uint32_t pushLocalVar(const std::string& name) override;
    void popLocalVar(const std::string& name) override;
    void defineLocalVar(std::uint32_t slot, const Node* definition) override;
    std::optional<std::uint32_t> useVar(std::string_view name) override;
    std::vector<std::string> varNames() const override;
    void noteVarNode(VarNode* node, std::uint32_t slot) override;
    bool inVarsOnce() const override;
    const Node* compilePreviousEvent(const Json& j, const std::string& ptr) override;
    const Node* compileLookup(const Json& j, const std::string& pointer) override;
    void adopt(std::unique_ptr<Node> node) override;
    std::optional<std::string> readDataFile(const std::string& pointer, std::string_view reference,
                                            std::string& resolved, std::string& err) override;

    // globalConfigs / localConfigs: counts, throttles, rates (compile_configs.cpp).
    static const std::vector<std::string>& runtimeConfigKeys();
    void readGlobalConfigs(const Json& root);
    Config config(const Json& g, const std::string& gptr, const std::string& key);
    std::optional<std::uint64_t> maxEventsLiteral(const Config& cfg, bool exactly);
    void readLocalConfigs(const Json& g, const std::string& ptr, GeneratorInfo& info);
    const Node* amount(const Json& j, const std::string& ptr, const std::string& what,
                       Scope& scope);
    const Node* compileThrottle(const Json& g, const std::string& gptr, Scope& scope, bool state);
    std::optional<Program::RateSpec> readRate(const Config& c, const char* name,
                                              const char* amountKey, Scope& scope);

    // schedule.stages and their overrides (compile_configs.cpp).
    void collectOverrides(const Json& root);
    static Json mergeJson(const Json& base, const Json& over);
    void readSchedule(const Json& root);

    // Connections, generator targets and sink keys (compile_connections.cpp).
    // A loadJsonFile the loader could not expand (already reported): skipped quietly.
    static bool failedInclude(const Json& j);
    void checkSpec(const Json& obj, const std::string& ptr, const std::string& what,
                   const std::vector<KeySpec>& specs, const std::vector<std::string>& extra = {});
    void checkValue(const Json& v, const std::string& ptr, const KeySpec& k);
    void readConnections(const Json& root);
    static std::vector<std::string> withSinkKeys(std::vector<std::string> keys);
    void readTarget(const Json& g, const std::string& ptr, GeneratorInfo& info, Header& h);
    bool readReaderTarget(const Json& g, const std::string& ptr, GeneratorInfo& info, Header& h);
    void readConnectionOf(const Json& g, const std::string& ptr, GeneratorInfo& info);
    void readSinkKeys(const Json& g, const std::string& ptr, GeneratorInfo& info);
    void compileSinkKey(const Json& g, const std::string& ptr, GeneratorInfo& info, Scope& scope,
                        Program::Compiled& out);

    // Generator headers (pass 1) and bodies (pass 2) (compile_generator.cpp).
    void readGeneratorHeaders(const Json& root);
    void compileGenerator(std::size_t gi);
    RowOp readOp(const Json& obj, const std::string& ptr, RowOp fallback = RowOp::Insert);
    const Node* compileWhere(const Json& w, const std::string& ptr, Scope& scope);
    template <class Defs>
    void orderVars(std::size_t n, const std::vector<std::set<std::uint32_t>>& deps, Scope& scope,
                   const Defs& defs, Program::Compiled& out);

    // Table columns and their types (compile_table_columns.cpp).
    void addColumns(std::size_t gi, const Json& row, const std::string& pptr, const Node* node);
    std::vector<const Node*> payloadFields(const Node* payload, std::size_t n);
    void fixups();
    void shareTableColumnTypes();
    static std::string typeOnly(const std::string& hint);

    // fork (compile_fork.cpp).
    void compileFork(const Json& f, const std::string& ptr, std::size_t gi, Scope& genScope);

    // Top-level stateMachine (compile_state_machine.cpp).
    std::optional<std::vector<std::pair<std::string_view, const Node*>>> objectFields(
        const Node* node);
    const Node* mergeNodes(const Node* base, const Node* over);
    Program::Transition readTransition(const Json& t, const std::string& ptr,
                                       const std::map<std::string, std::int32_t>& index,
                                       Scope& scope);
    void compileStateMachine(const Json& smj, const std::string& ptr, std::size_t gi, Scope& scope);

    // lookup and previousEvent, and lookups that wait on each other (compile_lookups.cpp).
    const Node* compileLookup(const Json& j, const std::string& ptr, Scope& scope);
    void checkLookupCycles();

    const scenario::LoadedScenario& src_;
    scenario::Diagnostics& diags_;
    std::unique_ptr<Program> program_;
    std::vector<Header> headers_;
    std::vector<PendingLookup> pending_;
    std::map<std::size_t, std::vector<const Node*>> fieldNodes_;
    Scope* scope_ = nullptr;  // the generator being compiled
    std::map<std::string, Config> globals_;
    std::map<std::string, Override> overrides_;
    std::set<std::string> overridden_;  // generators an override was merged into
    std::deque<Json> merged_;           // generator definitions with their overrides merged
    std::set<std::string> reported_;
    std::optional<std::uint64_t> globalMaxEvents_;
};

}  // namespace riverdelta::generate
