#pragma once

#include <cstddef>
#include <mutex>
#include <vector>

#include "engine/lake/parquet/byte_buffer.h"

namespace riverdelta::lake::parquet {

// Recycles page buffers between row groups and files (all writers in the process share it), so
// a writer in steady state does not page-fault fresh memory for every page. Keeps at most
// `kMaxRetainedBytes` of capacity; thread-safe.
class BufferPool {
  public:
    static constexpr std::size_t kMaxRetainedBytes = std::size_t{128} << 20;

    static BufferPool& instance();

    // An empty buffer, with capacity when one was retained.
    ByteBuffer take();
    // Returns a buffer; dropped when the pool is full.
    void give(ByteBuffer&& buffer);
    [[nodiscard]] std::size_t retainedBytes() const;
    // Releases every retained buffer (e.g. when the app goes idle).
    void trim();

  private:
    mutable std::mutex mutex_;
    std::vector<ByteBuffer> buffers_;
    std::size_t retained_ = 0;
};

}  // namespace riverdelta::lake::parquet
