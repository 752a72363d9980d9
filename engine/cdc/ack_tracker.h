#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "engine/cdc/lsn.h"

namespace riverdelta::cdc {

// Decides how far the replication slot may be confirmed: transactions are tracked in commit
// order with the number of Kafka messages still awaiting a delivery report; the confirmable
// position is the end LSN of the newest transaction that, with every earlier one, is sealed
// (its Commit was seen) and fully acknowledged.
//
// Threads: open/tag/seal/advance run on the replication thread; onDelivery runs on the
// producer's delivery-report thread and touches only atomics of the transaction it names.
class AckTracker {
  public:
    class Transaction;

    // What a produced message carries as its librdkafka opaque.
    struct Tag {
        Transaction* transaction = nullptr;
        bool isEvent = true;  // false for tombstones
    };

    class Transaction {
      public:
        Transaction() = default;
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;

      private:
        friend class AckTracker;
        std::atomic<std::int64_t> pending_{0};
        Lsn endLsn_;
        bool sealed_ = false;
        Tag eventTag_{this, true};
        Tag tombstoneTag_{this, false};
    };

    // Starts tracking a transaction at the back of the commit order.
    Transaction& open();
    // Counts one message about to be produced and returns its opaque; call release() if the
    // produce call then fails so the count stays right.
    void* tagEvent(Transaction& t);
    void* tagTombstone(Transaction& t);
    static void release(void* opaque);
    // No more messages for this transaction; it is confirmable at endLsn once acknowledged.
    void seal(Transaction& t, Lsn endLsn);

    // Delivery report (any thread). A failed delivery marks the tracker failed for good.
    void onDelivery(void* opaque, bool ok, const std::string& error = {});

    // Pops the acknowledged prefix; returns the new confirmable LSN when it moved.
    std::optional<Lsn> advance();

    // True when nothing is in flight: no open, unsealed or unacknowledged transaction.
    [[nodiscard]] bool idle() const { return transactions_.empty(); }
    [[nodiscard]] std::size_t transactionsInFlight() const { return transactions_.size(); }
    [[nodiscard]] std::uint64_t eventsAcknowledged() const {
        return eventsAcknowledged_.load(std::memory_order_relaxed);
    }
    [[nodiscard]] bool failed() const { return failed_.load(std::memory_order_acquire); }
    [[nodiscard]] std::string failure() const;

  private:
    std::deque<std::unique_ptr<Transaction>> transactions_;
    std::atomic<std::uint64_t> eventsAcknowledged_{0};
    std::atomic<bool> failed_{false};
    mutable std::mutex failureMutex_;
    std::string failure_;
};

}  // namespace riverdelta::cdc
