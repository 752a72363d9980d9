#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "engine/lake/parquet/byte_buffer.h"
#include "engine/lake/parquet/compressor.h"
#include "engine/lake/parquet/types.h"

namespace riverdelta::lake::parquet {

// A finished page: Thrift PageHeader + compressed body at bytes[start, size).
struct EncodedPage {
    ByteBuffer bytes;
    std::size_t start = 0;
    std::int64_t uncompressedSize = 0;  // header + uncompressed body
    [[nodiscard]] std::string_view view() const { return bytes.view().substr(start); }
};

// Compresses `body` and writes the page header in front of it (data page v1 or dictionary
// page). The page buffer comes from the BufferPool.
EncodedPage encodePage(Compressor& compressor, PageType type, std::string_view body,
                       std::int32_t numValues, Encoding encoding);

// Worker threads that compress pages while the caller keeps encoding values. Each worker owns
// its Compressor (zstd contexts are not shareable). Jobs run in submission order per worker;
// results come back through futures.
class PageEncoderPool {
  public:
    using Job = std::packaged_task<EncodedPage(Compressor&)>;

    PageEncoderPool(std::size_t threads, Compression codec, int zstdLevel);
    ~PageEncoderPool();
    PageEncoderPool(const PageEncoderPool&) = delete;
    PageEncoderPool& operator=(const PageEncoderPool&) = delete;

    std::future<EncodedPage> submit(Job job);

  private:
    void run(Compression codec, int zstdLevel);

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

}  // namespace riverdelta::lake::parquet
