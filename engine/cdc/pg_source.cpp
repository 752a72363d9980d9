#include "engine/cdc/pg_source.h"

#include <deque>
#include <optional>

#include "engine/cdc/capture_pipeline.h"
#include "engine/cdc/cdc_error.h"
#include "engine/cdc/source_shared.h"
#include "engine/core/log.h"
#include "engine/postgres/connection.h"

namespace riverdelta::cdc {

const char* toString(SourceState state) {
    switch (state) {
        case SourceState::Starting:
            return "Starting";
        case SourceState::Snapshotting:
            return "Snapshotting";
        case SourceState::Streaming:
            return "Streaming";
        case SourceState::Stopped:
            return "Stopped";
        case SourceState::Failed:
            return "Failed";
    }
    return "?";
}

namespace {
using Clock = std::chrono::steady_clock;
}  // namespace

PgSource::PgSource(PgSourceOptions options)
    : options_(std::move(options)),
      worker_(std::make_shared<detail::SourceShared>(options_.tables.size())) {
    worker_->dropSlotOnStop = options_.dropSlotOnStop;
}

PgSource::~PgSource() {
    stop();
}

void PgSource::start() {
    // One run per object: a new run needs fresh acknowledgement bookkeeping.
    if (started_) throw Error("cdc source already started; create a new PgSource to restart");
    started_ = true;
    // Named for profilers and per-thread CPU figures.
    thread_.start([this] { run(); }, "rd-cdc");
    monitorThread_.start([this] { monitor(); }, "rd-cdc-monitor");
}

void PgSource::stop() {
    thread_.stop();
    monitorThread_.stop();
}

void PgSource::stopAndDropSlot() {
    worker_->dropSlotOnStop = true;
    stop();
}

void PgSource::run() {
    try {
        CapturePipeline pipeline(options_, *worker_, thread_);
        try {
            pipeline.run();
        } catch (const detail::StopRequested&) {
        }
        worker_->setState(SourceState::Stopped);
    } catch (const std::exception& e) {
        if (options_.log) options_.log->write(core::LogLevel::Error, "cdc", e.what());
        std::lock_guard lock(worker_->mutex);
        const auto* cdcError = dynamic_cast<const CdcError*>(&e);
        worker_->status.failureKind = cdcError ? cdcError->kind() : CdcErrorKind::Other;
        worker_->status.state = SourceState::Failed;
        worker_->status.failureReason = e.what();
        worker_->status.lastError = e.what();
        worker_->status.waitingFor.clear();  // the failure says it now
    }
    worker_->streaming = false;
}

void PgSource::monitor() {
    std::optional<postgres::Connection> db;
    std::deque<std::pair<Clock::time_point, Lsn>> samples;
    std::uint64_t lastProduced = 0;
    auto lastTime = Clock::now();
    for (;;) {
        if (monitorThread_.stoppedBefore(Clock::now() + options_.statusInterval)) break;
        const auto now = Clock::now();
        const std::uint64_t produced = worker_->produced.load(std::memory_order_relaxed);
        const double seconds = std::chrono::duration<double>(now - lastTime).count();
        const double rate =
            seconds > 0 ? static_cast<double>(produced - lastProduced) / seconds : 0;
        lastProduced = produced;
        lastTime = now;

        std::optional<Lsn> server;
        std::string error;
        try {
            if (!db) db.emplace(options_.postgresConninfo);
            server = Lsn::fromString(db->exec("SELECT pg_current_wal_lsn()").value(0, 0));
        } catch (const std::exception& e) {
            error = std::string("replication lag check: ") + e.what();
            db.reset();
        }
        const Lsn confirmed(worker_->confirmed.load());
        double lagSeconds = 0;
        if (server) {
            samples.emplace_back(now, *server);
            while (samples.size() > 900)
                samples.pop_front();
            if (confirmed.valid() && *server > confirmed) {
                // How long the server has been past our confirmed position.
                auto since = samples.front().first;
                for (const auto& [time, lsn] : samples) {
                    if (lsn > confirmed) {
                        since = time;
                        break;
                    }
                }
                lagSeconds = std::chrono::duration<double>(now - since).count();
            }
        }
        std::lock_guard lock(worker_->mutex);
        worker_->status.eventsPerSecond = rate;
        if (server) {
            worker_->status.serverLsn = *server;
            worker_->status.lagBytes = confirmed.valid() ? server->bytesSince(confirmed) : 0;
            worker_->status.lagSeconds = lagSeconds;
        }
        if (!error.empty()) worker_->status.lastError = error;
    }
}

SourceStatus PgSource::status() const {
    SourceStatus s;
    {
        std::lock_guard lock(worker_->mutex);
        s = worker_->status;
    }
    s.eventsCaptured = worker_->captured.load(std::memory_order_relaxed);
    s.eventsProduced = worker_->produced.load(std::memory_order_relaxed);
    s.tombstonesProduced = worker_->tombstones.load(std::memory_order_relaxed);
    s.eventsAcknowledged = worker_->tracker.eventsAcknowledged();
    s.tableEvents.reserve(s.snapshot.size());
    for (std::size_t i = 0; i < s.snapshot.size(); ++i)
        s.tableEvents.push_back({s.snapshot[i].table, s.snapshot[i].topic,
                                 worker_->tableEvents[i].load(std::memory_order_relaxed)});
    s.confirmedLsn = Lsn(worker_->confirmed.load());
    return s;
}

}  // namespace riverdelta::cdc
