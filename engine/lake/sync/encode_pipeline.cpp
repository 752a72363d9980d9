#include "engine/lake/sync/encode_pipeline.h"

#include <utility>

#include "engine/lake/delta/table_writer.h"
#include "engine/lake/sync/record_decoder.h"

namespace riverdelta::lake::sync {

EncodePipeline::EncodePipeline(bool ownThread, std::size_t rowsPerBatch, std::size_t depth)
    : rowsPerBatch_(rowsPerBatch), depth_(depth) {
    if (ownThread) thread_ = std::jthread([this](std::stop_token stop) { run(std::move(stop)); });
}

EncodePipeline::~EncodePipeline() {
    if (thread_.joinable()) {
        {
            std::lock_guard lock(mutex_);
            thread_.request_stop();
        }
        changed_.notify_all();
        thread_.join();
    }
}

void EncodePipeline::startBatch(delta::DataFileWriter& file) {
    if (current_ && current_->file != &file) handOff();
    if (current_) return;
    {
        std::lock_guard lock(mutex_);
        if (!free_.empty()) {
            current_ = std::move(free_.back());
            free_.pop_back();
        }
    }
    if (!current_) current_ = std::make_unique<Job>(rowsPerBatch_);
    current_->file = &file;
}

void EncodePipeline::add(const RecordDecoder& decoder, delta::DataFileWriter& file) {
    startBatch(file);
    decoder.stageTo(current_->rows);
    if (current_->rows.rows() >= rowsPerBatch_) handOff();
}

void EncodePipeline::add(const RecordDecoder& decoder, delta::DataFileWriter& file,
                         kafka::Message&& record) {
    startBatch(file);
    current_->rows.keep(std::move(record));
    decoder.stageTo(current_->rows);
    if (current_->rows.rows() >= rowsPerBatch_) handOff();
}

void EncodePipeline::handOff() {
    if (!current_) return;
    if (current_->rows.rows() == 0) {
        current_.reset();
        return;
    }
    if (!thread_.joinable()) {
        auto job = std::move(current_);
        job->rows.writeTo(*job->file);
        job->rows.clear();
        free_.push_back(std::move(job));
        return;
    }
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return queue_.size() < depth_ || failure_; });
    if (failure_) {
        current_.reset();
        lock.unlock();
        rethrowFailure();
    }
    queue_.push_back(std::move(current_));
    lock.unlock();
    changed_.notify_all();
}

void EncodePipeline::drain() {
    handOff();
    if (!thread_.joinable()) return;
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return (queue_.empty() && !busy_) || failure_; });
    }
    rethrowFailure();
}

void EncodePipeline::rethrowFailure() {
    std::exception_ptr failure;
    {
        std::lock_guard lock(mutex_);
        failure = failure_;
        if (failure) queue_.clear();
    }
    if (failure) std::rethrow_exception(failure);
}

void EncodePipeline::run(std::stop_token stop) {
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait(lock, [&] { return !queue_.empty() || stop.stop_requested(); });
        if (stop.stop_requested()) return;
        auto job = std::move(queue_.front());
        queue_.pop_front();
        busy_ = true;
        lock.unlock();
        changed_.notify_all();  // room in the queue
        std::exception_ptr failure;
        try {
            job->rows.writeTo(*job->file);
        } catch (...) {
            failure = std::current_exception();
        }
        job->rows.clear();
        lock.lock();
        busy_ = false;
        if (failure && !failure_) failure_ = failure;
        if (failure_) queue_.clear();  // the file is unusable: the rest cannot go in
        free_.push_back(std::move(job));
        changed_.notify_all();
    }
}

}  // namespace riverdelta::lake::sync
