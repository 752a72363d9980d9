#include "engine/lake/sync/commit_policy.h"

#include <algorithm>

namespace riverdelta::lake::sync {

using std::chrono::milliseconds;

const char* toString(CommitReason reason) {
    switch (reason) {
        case CommitReason::NotDue:
            return "not due";
        case CommitReason::Freshness:
            return "freshness target";
        case CommitReason::Idle:
            return "idle stream";
        case CommitReason::Interval:
            return "interval";
        case CommitReason::Backlog:
            return "backlog interval";
        case CommitReason::Rows:
            return "row limit";
        case CommitReason::Bytes:
            return "byte limit";
    }
    return "not due";
}

CommitPolicy::CommitPolicy(CommitPolicySettings settings) : settings_(settings) {}

void CommitPolicy::buffered(Clock::time_point now) {
    if (!oldest_) oldest_ = now;
    newest_ = now;
}

milliseconds CommitPolicy::expectedCommitTime() const {
    return milliseconds(static_cast<std::int64_t>(commitMs_));
}

std::optional<CommitPolicy::Clock::time_point> CommitPolicy::ageDeadline() const {
    if (!oldest_) return std::nullopt;
    if (settings_.fixedInterval) return *oldest_ + *settings_.fixedInterval;
    if (readingBacklog()) return *oldest_ + *settings_.backlogInterval;
    // Start early by what a commit takes, but never sooner than half the target: a slow store
    // must not turn the policy into a commit per fetch.
    const milliseconds early = std::min(expectedCommitTime(), settings_.freshnessTarget / 2);
    return *oldest_ + settings_.freshnessTarget - early;
}

std::optional<CommitPolicy::Clock::time_point> CommitPolicy::idleDeadline() const {
    // A pause while reading a backlog is the job's (CPU, storage), not the stream's.
    if (!oldest_ || settings_.fixedInterval || readingBacklog()) return std::nullopt;
    return newest_ + settings_.idleAfter;
}

CommitReason CommitPolicy::due(std::int64_t rows, std::size_t bytes, Clock::time_point now) const {
    if (!oldest_) return CommitReason::NotDue;
    if (rows >= settings_.maxRows) return CommitReason::Rows;
    if (bytes >= settings_.maxBytes) return CommitReason::Bytes;
    if (now >= *ageDeadline())
        return settings_.fixedInterval ? CommitReason::Interval
               : readingBacklog()      ? CommitReason::Backlog
                                       : CommitReason::Freshness;
    if (auto idle = idleDeadline(); idle && now >= *idle) return CommitReason::Idle;
    return CommitReason::NotDue;
}

milliseconds CommitPolicy::wait(Clock::time_point now, milliseconds cap) const {
    std::optional<Clock::time_point> next = ageDeadline();
    if (auto idle = idleDeadline(); idle && (!next || *idle < *next)) next = idle;
    if (!next) return cap;
    if (*next <= now) return milliseconds(0);
    // Rounded up: waking a little after the deadline beats a busy loop just before it.
    const auto left = std::chrono::ceil<milliseconds>(*next - now);
    return std::min(left, cap);
}

void CommitPolicy::committed(std::chrono::steady_clock::duration took) {
    oldest_.reset();
    const double ms = std::chrono::duration<double, std::milli>(took).count();
    // A short memory (weight 1/4): a store that slows down is followed within a few commits.
    commitMs_ = measured_ ? commitMs_ * 0.75 + ms * 0.25 : ms;
    measured_ = true;
}

}  // namespace riverdelta::lake::sync
