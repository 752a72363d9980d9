#include "engine/lake/parquet/buffer_pool.h"

namespace riverdelta::lake::parquet {

BufferPool& BufferPool::instance() {
    static BufferPool pool;
    return pool;
}

ByteBuffer BufferPool::take() {
    const std::lock_guard lock(mutex_);
    if (buffers_.empty()) return {};
    ByteBuffer b = std::move(buffers_.back());
    buffers_.pop_back();
    retained_ -= b.capacity();
    b.clear();
    return b;
}

void BufferPool::give(ByteBuffer&& buffer) {
    const std::lock_guard lock(mutex_);
    if (retained_ + buffer.capacity() > kMaxRetainedBytes) return;
    retained_ += buffer.capacity();
    buffers_.push_back(std::move(buffer));
}

void BufferPool::trim() {
    std::vector<ByteBuffer> released;
    {
        const std::lock_guard lock(mutex_);
        released.swap(buffers_);
        retained_ = 0;
    }
}

std::size_t BufferPool::retainedBytes() const {
    const std::lock_guard lock(mutex_);
    return retained_;
}

}  // namespace riverdelta::lake::parquet
