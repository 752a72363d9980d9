#include "engine/lake/parquet/page_encoder.h"

#include <cstring>
#include <string>

#include "engine/lake/parquet/buffer_pool.h"
#include "engine/lake/parquet/thrift_compact_writer.h"

namespace riverdelta::lake::parquet {

EncodedPage encodePage(Compressor& compressor, PageType type, std::string_view body,
                       std::int32_t numValues, Encoding encoding) {
    // The body is compressed straight into the page buffer after room for the header, which is
    // then written right-aligned in front of it: no copy of the page.
    constexpr std::size_t kHeaderRoom = 64;
    EncodedPage page;
    page.bytes = BufferPool::instance().take();
    compressor.compress(body, page.bytes, kHeaderRoom);
    const std::size_t compressedSize = page.bytes.size() - kHeaderRoom;
    std::string header;
    CompactWriter w(header);
    w.beginStruct();
    w.fieldI32(1, static_cast<std::int32_t>(type));
    w.fieldI32(2, static_cast<std::int32_t>(body.size()));
    w.fieldI32(3, static_cast<std::int32_t>(compressedSize));
    if (type == PageType::DataPage) {
        w.beginStructField(5);
        w.fieldI32(1, numValues);
        w.fieldI32(2, static_cast<std::int32_t>(encoding));
        w.fieldI32(3, static_cast<std::int32_t>(Encoding::Rle));
        w.fieldI32(4, static_cast<std::int32_t>(Encoding::Rle));
        w.endStruct();
    } else {
        w.beginStructField(7);
        w.fieldI32(1, numValues);
        w.fieldI32(2, static_cast<std::int32_t>(encoding));
        w.endStruct();
    }
    w.endStruct();
    page.start = kHeaderRoom - header.size();
    std::memcpy(page.bytes.data() + page.start, header.data(), header.size());
    page.uncompressedSize = static_cast<std::int64_t>(header.size() + body.size());
    // Pages wait in memory until their row group is written, but the buffer was sized for the
    // uncompressed body: keep a copy of the page's own size (a memcpy of the compressed bytes)
    // and hand the big buffer back for the next page. Otherwise a row group of 16 MiB of pages
    // held several times that (a 1 M-row sync peaked at 166 MB instead of ~60).
    if (page.bytes.capacity() - page.bytes.size() > page.bytes.size()) {
        ByteBuffer fitted = ByteBuffer::exactCopy(page.view());
        BufferPool::instance().give(std::move(page.bytes));
        page.bytes = std::move(fitted);
        page.start = 0;
    }
    return page;
}

PageEncoderPool::PageEncoderPool(std::size_t threads, Compression codec, int zstdLevel) {
    for (std::size_t i = 0; i < threads; ++i) {
        workers_.emplace_back([this, codec, zstdLevel] { run(codec, zstdLevel); });
    }
}

PageEncoderPool::~PageEncoderPool() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : workers_)
        t.join();
}

std::future<EncodedPage> PageEncoderPool::submit(Job job) {
    auto result = job.get_future();
    {
        const std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
    return result;
}

void PageEncoderPool::run(Compression codec, int zstdLevel) {
    Compressor compressor(codec, zstdLevel);
    while (true) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) return;  // stopping, and everything submitted has run
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        job(compressor);
    }
}

}  // namespace riverdelta::lake::parquet
