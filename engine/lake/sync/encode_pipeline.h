#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/lake/sync/row_batch.h"

namespace riverdelta::lake::delta {
class DataFileWriter;
}

namespace riverdelta::lake::sync {

class RecordDecoder;

// Splits a sync job over two cores: the job's thread fetches and decodes records, and an
// encoder thread appends them to the Parquet column writers (dictionary, pages, compression),
// a batch of rows at a time. Between add() and drain() the data file belongs to the encoder
// thread: the caller touches it again (finish(), a row group flush) only after drain().
// Without its own thread (ownThread false), batches are written on the caller's thread.
//
//   pipeline.add(decoder, *file);   // per decoded row
//   pipeline.drain();               // every row is in the file; rethrows an encoder failure
//   file->finish();
class EncodePipeline {
  public:
    explicit EncodePipeline(bool ownThread, std::size_t rowsPerBatch = 2048, std::size_t depth = 3);
    ~EncodePipeline();  // stops the encoder thread; rows not drained are dropped
    EncodePipeline(const EncodePipeline&) = delete;
    EncodePipeline& operator=(const EncodePipeline&) = delete;

    // Stages the row `decoder` decoded last, for `file`. Blocks while `depth` full batches wait
    // for the encoder (that bounds the memory); throws what the encoder failed with. With the
    // record the row was decoded from, the batch keeps it (its text is then not copied) and
    // releases it once written.
    void add(const RecordDecoder& decoder, delta::DataFileWriter& file);
    void add(const RecordDecoder& decoder, delta::DataFileWriter& file, kafka::Message&& record);
    // Returns once every staged row is in its file (endRows() done). Throws what the encoder
    // failed with (the file is then unusable).
    void drain();

  private:
    struct Job {
        explicit Job(std::size_t rowsPerBatch) : rows(rowsPerBatch) {}
        RowBatch rows;
        delta::DataFileWriter* file = nullptr;
    };
    void startBatch(delta::DataFileWriter& file);
    void handOff();
    void run(std::stop_token stop);
    void rethrowFailure();

    const std::size_t rowsPerBatch_;
    const std::size_t depth_;
    std::unique_ptr<Job> current_;  // being filled by the caller
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::unique_ptr<Job>> queue_;  // full batches, oldest first
    std::vector<std::unique_ptr<Job>> free_;  // written batches, for reuse
    bool busy_ = false;                       // the encoder holds a batch
    std::exception_ptr failure_;
    std::jthread thread_;  // last: stopped and joined before the rest goes
};

}  // namespace riverdelta::lake::sync
