#include "engine/report/run_recorder.h"

#include <algorithm>

#include "engine/core/log.h"
#include "riverdelta/version.h"

namespace riverdelta::report {

const char* toString(CheckOutcome outcome) {
    switch (outcome) {
        case CheckOutcome::Passed:
            return "passed";
        case CheckOutcome::Failed:
            return "failed";
        case CheckOutcome::Skipped:
            return "skipped";
        case CheckOutcome::Pending:
            return "pending";
    }
    return "skipped";
}

std::size_t RunReport::checksFailed() const {
    return static_cast<std::size_t>(std::count_if(checks.begin(), checks.end(), [](const auto& c) {
        return c.outcome == CheckOutcome::Failed;
    }));
}

std::size_t RunReport::checksPassed() const {
    return static_cast<std::size_t>(std::count_if(checks.begin(), checks.end(), [](const auto& c) {
        return c.outcome == CheckOutcome::Passed;
    }));
}

std::size_t RunReport::checksPending() const {
    return static_cast<std::size_t>(std::count_if(checks.begin(), checks.end(), [](const auto& c) {
        return c.outcome == CheckOutcome::Pending;
    }));
}

RunRecorder::RunRecorder(RecorderOptions options) : options_(options) {}

void RunRecorder::watchLog(const core::Log* log) {
    std::lock_guard lock(mutex_);
    log_ = log;
    logSeen_ = log ? log->lastSequence() : 0;
}

void RunRecorder::collectLog() {
    if (!log_) return;
    for (auto& e : log_->since(logSeen_)) {
        logSeen_ = e.sequence;
        if (e.level < core::LogLevel::Warning) continue;
        if (logLines_.size() >= options_.maxLogLines) {
            ++logOmitted_;
            continue;
        }
        logLines_.push_back({e.time, core::toString(e.level), e.source, e.message});
    }
}

void RunRecorder::sample(const run::RunStatus& status, std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mutex_);
    collectLog();
    if (!lastAt_) {
        if (status.state == run::RunState::Starting) {
            last_ = status;
            return;
        }
        // The series start when the run started (counts were 0 then), so what happened before
        // the first sample (a burst of historical events) is in the first point.
        const auto sinceStart = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::system_clock::now() - status.startedAt);
        firstAt_ = now - std::max(sinceStart, std::chrono::steady_clock::duration::zero());
        lastAt_ = firstAt_;
    }
    // The first point may come early (it covers the start); later ones about every interval.
    const bool tooSoon = *lastAt_ != *firstAt_ ? now - *lastAt_ < options_.interval * 9 / 10
                                               : now - *lastAt_ < std::chrono::milliseconds(50);
    if (tooSoon) {
        last_ = status;  // the totals still come from the newest status
        return;
    }
    const double dt = std::chrono::duration<double>(now - *lastAt_).count();
    const double t = std::chrono::duration<double>(now - *firstAt_).count();
    if (streams_.size() < status.streams.size()) {
        streams_.reserve(status.streams.size());
        while (streams_.size() < status.streams.size())
            streams_.push_back({TimeSeries(options_.maxPoints), {}, 0});
    }
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> topicTotals;
    for (std::size_t g = 0; g < status.streams.size(); ++g) {
        const auto& s = status.streams[g];
        auto& track = streams_[g];
        {
            const double rate =
                static_cast<double>(s.acknowledged - std::min(track.lastAcked, s.acknowledged)) /
                dt;
            track.rate.add(t, rate);
            if (s.state == run::StreamState::Running || rate > 0)
                track.runningRates.push_back(rate);
        }
        track.lastAcked = s.acknowledged;
        if (!s.table) {
            auto& tot = topicTotals[s.target];
            tot.first += s.acknowledged;
            tot.second += s.bytes;
        }
    }
    for (const auto& [topic, tot] : topicTotals) {
        auto it = topics_.find(topic);
        if (it == topics_.end())
            it = topics_
                     .emplace(topic, TopicTrack{TimeSeries(options_.maxPoints),
                                                TimeSeries(options_.maxPoints), 0, 0})
                     .first;
        auto& track = it->second;
        {
            track.messages.add(
                t, static_cast<double>(tot.first - std::min(track.lastAcked, tot.first)) / dt);
            track.bytes.add(
                t, static_cast<double>(tot.second - std::min(track.lastBytes, tot.second)) / dt);
        }
        track.lastAcked = tot.first;
        track.lastBytes = tot.second;
    }
    lastAt_ = now;
    last_ = status;
}

void RunRecorder::sampleSync(const std::vector<lake::sync::SyncStatus>& syncs) {
    std::lock_guard lock(mutex_);
    syncs_ = syncs;
}

void RunRecorder::setCdc(CdcReport cdc) {
    std::lock_guard lock(mutex_);
    cdc_ = std::move(cdc);
}

RunReport RunRecorder::report() {
    std::lock_guard lock(mutex_);
    collectLog();
    RunReport r;
    r.appName = kName;
    r.appVersion = kVersion;
    r.generatedAt = std::chrono::system_clock::now();
    r.sampleIntervalSeconds = std::chrono::duration<double>(options_.interval).count();
    r.log = logLines_;
    r.logOmitted = logOmitted_;
    r.cdc = cdc_;
    if (!last_) return r;
    const auto& s = *last_;
    r.state = run::toString(s.state);
    r.error = s.error;
    r.complete = s.state == run::RunState::Finished || s.state == run::RunState::Stopped ||
                 s.state == run::RunState::Failed;
    r.startedAt = s.startedAt;
    r.endedAt = s.endedAt;
    r.durationSeconds =
        std::chrono::duration<double>(s.endedAt.value_or(r.generatedAt) - s.startedAt).count();
    // Stages: each ends when the next begins, the last when the run ends.
    for (int i = 0; i < s.stageCount; ++i) {
        StageReport st;
        st.index = i;
        for (const auto& g : s.streams)
            if (g.stage == i) st.generators.push_back(g.name);
        if (static_cast<std::size_t>(i) < s.stageStarted.size()) {
            st.started = s.stageStarted[static_cast<std::size_t>(i)];
            if (static_cast<std::size_t>(i) + 1 < s.stageStarted.size())
                st.ended = s.stageStarted[static_cast<std::size_t>(i) + 1];
            else
                st.ended = s.endedAt;
        }
        r.stages.push_back(std::move(st));
    }
    for (std::size_t g = 0; g < s.streams.size(); ++g) {
        const auto& st = s.streams[g];
        GeneratorReport gr;
        gr.name = st.name;
        gr.target = st.target;
        gr.table = st.table;
        gr.stage = st.stage;
        gr.state = run::toString(st.state);
        gr.generated = st.generated;
        gr.acknowledged = st.acknowledged;
        gr.failed = st.failed;
        gr.bytes = st.bytes;
        gr.maxEvents = st.maxEvents;
        gr.throttledSeconds = st.throttledSeconds;
        if (g < streams_.size()) {
            gr.rateMean = mean(streams_[g].runningRates);
            gr.rateP95 = percentile(streams_[g].runningRates, 95);
            gr.rate = streams_[g].rate.points();
        }
        r.generators.push_back(std::move(gr));
        if (st.table) {
            auto it = std::find_if(r.tables.begin(), r.tables.end(),
                                   [&](const auto& t) { return t.name == st.target; });
            if (it == r.tables.end())
                it = r.tables.insert(r.tables.end(), TableReport{st.target, {}, 0, {}});
            it->acknowledged += st.acknowledged;
        } else {
            auto it = std::find_if(r.topics.begin(), r.topics.end(),
                                   [&](const auto& t) { return t.name == st.target; });
            if (it == r.topics.end()) {
                it = r.topics.insert(r.topics.end(), TopicReport{});
                it->name = st.target;
                if (auto tr = topics_.find(st.target); tr != topics_.end()) {
                    it->messagesPerSecond = tr->second.messages.points();
                    it->bytesPerSecond = tr->second.bytes.points();
                }
            }
            it->acknowledged += st.acknowledged;
            it->bytes += st.bytes;
        }
    }
    for (const auto& sync : syncs_) {
        DeltaTableReport d;
        d.topic = sync.topic;
        d.location = sync.location;
        d.state = lake::sync::toString(sync.state);
        d.reason = sync.reason;
        d.version = sync.version;
        d.files = sync.files;
        d.rows = sync.rows;
        d.bytes = sync.bytes;
        d.skipped = sync.skipped;
        d.unwritten = sync.unwritten;
        d.deadLettered = sync.deadLettered;
        for (const auto& p : sync.partitions)
            d.partitions.push_back({p.partition, p.committedOffset, p.highWatermark});
        d.freshnessP50Ms = sync.freshnessP50Ms;
        d.freshnessP95Ms = sync.freshnessP95Ms;
        d.lastMaintenance = sync.lastMaintenance;
        r.delta.push_back(std::move(d));
    }
    return r;
}

}  // namespace riverdelta::report
