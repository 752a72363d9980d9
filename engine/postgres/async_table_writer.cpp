#include "engine/postgres/async_table_writer.h"

namespace riverdelta::postgres {

AsyncTableWriter::AsyncTableWriter(std::unique_ptr<TableWriter> writer, Options options)
    : writer_(std::move(writer)), options_(options) {
    if (options_.maxRowsPerTransaction == 0) options_.maxRowsPerTransaction = 1;
    worker_ = std::jthread([this](const std::stop_token& stop) { run(stop); });
}

AsyncTableWriter::~AsyncTableWriter() {
    worker_.request_stop();
    changed_.notify_all();
    if (worker_.joinable()) worker_.join();
}

std::size_t AsyncTableWriter::queuedRows() const {
    std::lock_guard lock(mutex_);
    return queuedRows_;
}

void AsyncTableWriter::rethrowIfFailed() {
    if (error_) std::rethrow_exception(error_);
}

void AsyncTableWriter::submit(CopyBatch& batch) {
    if (batch.empty()) return;
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] {
        return error_ || queuedRows_ == 0 || queuedRows_ + batch.rows() <= options_.maxQueuedRows;
    });
    rethrowIfFailed();
    queuedRows_ += batch.rows();
    queue_.push_back(std::move(batch));
    if (!spare_.empty()) {
        batch = std::move(spare_.back());
        spare_.pop_back();
    } else {
        batch = CopyBatch{};
    }
    lock.unlock();
    changed_.notify_all();
}

void AsyncTableWriter::flush() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return error_ || (queue_.empty() && !writing_); });
    rethrowIfFailed();
}

void AsyncTableWriter::run(const std::stop_token& stop) {
    CopyBatch merged;
    for (;;) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, stop, [&] { return !queue_.empty(); });
        if (queue_.empty()) return;  // stop requested and nothing left to write
        merged.clear();
        std::size_t rows = 0;
        while (!queue_.empty() &&
               (rows == 0 || rows + queue_.front().rows() <= options_.maxRowsPerTransaction)) {
            rows += queue_.front().rows();
            if (queue_.size() == 1 && merged.empty()) {
                std::swap(merged, queue_.front());  // one batch: no copy
            } else {
                merged.append(queue_.front());
            }
            queue_.front().clear();
            spare_.push_back(std::move(queue_.front()));
            queue_.pop_front();
        }
        writing_ = true;
        lock.unlock();
        std::exception_ptr failure;
        try {
            writer_->write(merged);
        } catch (...) {
            failure = std::current_exception();
        }
        lock.lock();
        writing_ = false;
        queuedRows_ -= rows;
        if (failure) {
            error_ = failure;
            queuedRows_ = 0;
            queue_.clear();
        }
        lock.unlock();
        changed_.notify_all();
        if (failure) return;
    }
}

}  // namespace riverdelta::postgres
