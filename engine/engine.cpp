#include "engine/engine.h"

namespace riverdelta {

namespace {

// Everything but the version and the time taken.
bool sameContent(const EngineSnapshot& a, const EngineSnapshot& b) {
    return a.environment == b.environment && a.lakeRoot == b.lakeRoot && a.kafka == b.kafka &&
           a.kafkaInMemory == b.kafkaInMemory && a.postgres == b.postgres && a.syncs == b.syncs &&
           a.topics == b.topics && a.scenario == b.scenario && a.reports == b.reports;
}

}  // namespace

const char* toString(ServiceState state) {
    switch (state) {
        case ServiceState::Stopped:
            return "stopped";
        case ServiceState::Starting:
            return "starting";
        case ServiceState::Connected:
            return "connected";
        case ServiceState::Failed:
            return "failed";
    }
    return "stopped";
}

Engine::Engine(EngineOptions options)
    : options_(std::move(options)),
      connections_(options_.dataDirectory, options_.connection, log_, options_.startSandbox),
      scenario_(&log_, [this](const generate::Program& program, const run::RunTargets& targets,
                              const run::RunBeginning& beginning) {
          reports_.runStarting(program, targets, beginning);
      }) {
    // Visible as "starting" from the very first snapshot, before the worker picks it up.
    if (options_.startSandbox) commands_.push(command::StartSandbox{});
    worker_ = std::jthread([this](const std::stop_token& stop) { run(stop); });
}

Engine::~Engine() {
    commands_.push(command::StopSandbox{});  // also ends every sync (it needs the cluster)
    commands_.close();
    worker_.request_stop();
    if (worker_.joinable()) worker_.join();
}

void Engine::post(Command command) {
    commands_.push(std::move(command));
}

EngineSnapshot Engine::snapshot() const {
    EngineSnapshot s;
    connections_.fill(s);
    s.syncs = syncs_.statuses();
    s.topics = topics_.catalog();
    s.scenario = scenario_.status();
    s.reports = reports_.answers();
    std::lock_guard lock(versionMutex_);
    s.version = last_.version;
    if (!sameContent(s, last_)) {
        ++s.version;
        last_ = s;
    }
    s.takenAt = std::chrono::system_clock::now();
    return s;
}

std::optional<SandboxEndpoints> Engine::sandboxEndpoints() const {
    return connections_.sandboxEndpoints();
}

std::optional<lake::sync::SyncOptions> Engine::syncOptions(const std::string& topic) const {
    return syncs_.options(topic);
}

std::unique_ptr<topics::TopicTail> Engine::openTail(topics::TailOptions options) const {
    return topics_.openTail(connections_.live(), std::move(options));
}

void Engine::run(const std::stop_token& stop) {
    // Drain every queued command, including the final StopSandbox after close().
    for (;;) {
        // Short: the capture's start (polled here) is what a run's first update waits for.
        auto command = commands_.pop(std::chrono::milliseconds(50));
        reports_.sample(scenario_, syncs_);
        scenario_.poll();
        if (!command) {
            if (commands_.closed() || stop.stop_requested()) break;
            continue;
        }
        std::visit([this](const auto& c) { handle(c); }, *command);
    }
}

void Engine::connectServices() {
    if (connections_.connectKafka()) {
        if (const auto kafka = connections_.live().kafka) topics_.start(*kafka);
    }
    connections_.connectPostgres();
}

void Engine::endConnectionWork() {
    scenario_.endRun();  // its producers, writers and capture need the services
    syncs_.stopAll();
    topics_.stop();
}

void Engine::handle(const command::StartSandbox&) {
    connectServices();
}

void Engine::handle(const command::StopSandbox&) {
    endConnectionWork();
    connections_.stopSandbox();
}

void Engine::handle(const command::Connect& c) {
    endConnectionWork();
    connections_.choose(c.connection);
    connectServices();
}

void Engine::handle(const command::EnableSync& c) {
    const auto& registry = connections_.chosen().registry;
    syncs_.enable(c, connections_.live(), connections_.lakeRoot(),
                  registry ? registry->config : registry::RegistryConfig{});
}

void Engine::handle(const command::DisableSync& c) {
    syncs_.disable(c.topic);
}

void Engine::handle(const command::PauseSync& c) {
    syncs_.pause(c.topic);
}

void Engine::handle(const command::ResumeSync& c) {
    syncs_.resume(c.topic, c.errorPolicy);
}

void Engine::handle(const command::LoadScenario& c) {
    if (scenario_.load(c.source)) reports_.forgetRun();  // the report is of the loaded one's run
}

void Engine::handle(const command::StartAll&) {
    scenario_.startAll(connections_.scenarioTargets());
}

void Engine::handle(const command::StopAll&) {
    scenario_.stopAll();
}

void Engine::handle(const command::StartStream& c) {
    scenario_.start(c.generator, connections_.scenarioTargets());
}

void Engine::handle(const command::StopStream& c) {
    scenario_.stop(c.generator);
}

void Engine::handle(const command::SetSpeed& c) {
    scenario_.setSpeed(c.speed);
}

void Engine::handle(const command::SetContinuous& c) {
    scenario_.setContinuous(c.continuous);
}

void Engine::handle(const command::NewRun&) {
    scenario_.endRun();
    log_.write(core::LogLevel::Info, "scenario", "new run: counts start from zero");
}

void Engine::handle(const command::StartCapture&) {
    scenario_.startCapture(connections_.scenarioTargets());
}

void Engine::handle(const command::StopCapture&) {
    scenario_.stopCapture();
}

void Engine::handle(const command::ExportReport& c) {
    reports_.exportReport(c.requestId, scenario_, syncs_);
}

}  // namespace riverdelta
