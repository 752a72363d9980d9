#pragma once

#include <string>

#include "engine/lake/parquet/byte_sink.h"

namespace riverdelta::lake::parquet {

// Writes to a local file. Opens with O_EXCL when `exclusive` (fails if the file exists),
// otherwise truncates. close() fsyncs when `durable`. Throws std::system_error on I/O failure.
class FileSink final : public ByteSink {
  public:
    explicit FileSink(const std::string& path, bool exclusive = false, bool durable = true);
    ~FileSink() override;
    FileSink(const FileSink&) = delete;
    FileSink& operator=(const FileSink&) = delete;

    void write(std::string_view bytes) override;
    [[nodiscard]] std::uint64_t position() const override { return position_; }
    void close() override;

  private:
    int fd_ = -1;
    bool durable_ = true;
    std::uint64_t position_ = 0;
    std::string path_;
};

}  // namespace riverdelta::lake::parquet
