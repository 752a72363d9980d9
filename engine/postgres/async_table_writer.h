#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/postgres/table_writer.h"

namespace riverdelta::postgres {

// Group commit for a TableWriter, on a thread of its own. The caller fills CopyBatches and
// hands each over with submit() when TableWriter::batchDue() says so (500 rows or 20 ms by
// default); while one transaction runs, what is submitted meanwhile queues up and goes out
// together in the next one (up to maxRowsPerTransaction). A slow generator thus gets its rows
// written within the latency, a fast one gets large transactions (seeding runs near COPY
// speed), and the generator never waits for a round trip unless maxQueuedRows are pending
// (backpressure). Exactly-once is the TableWriter's: batches are written in submission order.
class AsyncTableWriter {
  public:
    struct Options {
        std::size_t maxRowsPerTransaction = 20'000;
        std::size_t maxQueuedRows = 100'000;  // submit() waits beyond this
    };

    explicit AsyncTableWriter(std::unique_ptr<TableWriter> writer, Options options);
    explicit AsyncTableWriter(std::unique_ptr<TableWriter> writer)
        : AsyncTableWriter(std::move(writer), Options{}) {}
    AsyncTableWriter(const AsyncTableWriter&) = delete;
    AsyncTableWriter& operator=(const AsyncTableWriter&) = delete;
    // Writes what is queued (errors are dropped here: call flush() to see them), then stops.
    ~AsyncTableWriter();

    // Takes the batch's rows (the caller gets back an empty batch, capacity kept). Rethrows
    // the writer's error once it has failed; blocks while too much is queued.
    void submit(CopyBatch& batch);
    // Waits until everything submitted is committed; rethrows the writer's error.
    void flush();

    [[nodiscard]] TableWriterCounters counters() const { return writer_->counters(); }
    [[nodiscard]] TableWriter& writer() { return *writer_; }
    [[nodiscard]] std::size_t queuedRows() const;

  private:
    void run(const std::stop_token& stop);
    void rethrowIfFailed();

    std::unique_ptr<TableWriter> writer_;
    Options options_;
    mutable std::mutex mutex_;
    std::condition_variable_any changed_;
    std::deque<CopyBatch> queue_;
    std::vector<CopyBatch> spare_;  // cleared batches to hand back to submit()
    std::size_t queuedRows_ = 0;
    bool writing_ = false;
    std::exception_ptr error_;
    std::jthread worker_;
};

}  // namespace riverdelta::postgres
