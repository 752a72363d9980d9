#include "engine/cdc/ack_tracker.h"

namespace riverdelta::cdc {

AckTracker::Transaction& AckTracker::open() {
    transactions_.push_back(std::make_unique<Transaction>());
    return *transactions_.back();
}

void* AckTracker::tagEvent(Transaction& t) {
    t.pending_.fetch_add(1, std::memory_order_relaxed);
    return &t.eventTag_;
}

void* AckTracker::tagTombstone(Transaction& t) {
    t.pending_.fetch_add(1, std::memory_order_relaxed);
    return &t.tombstoneTag_;
}

void AckTracker::release(void* opaque) {
    static_cast<Tag*>(opaque)->transaction->pending_.fetch_sub(1, std::memory_order_release);
}

void AckTracker::seal(Transaction& t, Lsn endLsn) {
    t.endLsn_ = endLsn;
    t.sealed_ = true;
}

void AckTracker::onDelivery(void* opaque, bool ok, const std::string& error) {
    auto* tag = static_cast<Tag*>(opaque);
    if (!tag) return;
    if (!ok) {
        // Leave the count up: a transaction with a lost message must never become confirmable.
        std::lock_guard lock(failureMutex_);
        if (failure_.empty()) failure_ = error;
        failed_.store(true, std::memory_order_release);
        return;
    }
    if (tag->isEvent) eventsAcknowledged_.fetch_add(1, std::memory_order_relaxed);
    tag->transaction->pending_.fetch_sub(1, std::memory_order_release);
}

std::optional<Lsn> AckTracker::advance() {
    std::optional<Lsn> confirmed;
    while (!transactions_.empty()) {
        Transaction& front = *transactions_.front();
        if (!front.sealed_ || front.pending_.load(std::memory_order_acquire) != 0) break;
        if (front.endLsn_.valid()) confirmed = front.endLsn_;
        transactions_.pop_front();
    }
    return confirmed;
}

std::string AckTracker::failure() const {
    std::lock_guard lock(failureMutex_);
    return failure_;
}

}  // namespace riverdelta::cdc
