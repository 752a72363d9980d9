#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace riverdelta::lake::parquet {

// Where a Parquet file's bytes go, in order. Implementations: MemorySink and FileSink here; the
// Delta table writer adapts storage::NewFile to it.
class ByteSink {
  public:
    virtual ~ByteSink() = default;
    virtual void write(std::string_view bytes) = 0;
    // Bytes written so far.
    [[nodiscard]] virtual std::uint64_t position() const = 0;
    // Called once after the last write (flush / fsync).
    virtual void close() = 0;
};

class MemorySink final : public ByteSink {
  public:
    void write(std::string_view bytes) override { data_.append(bytes); }
    [[nodiscard]] std::uint64_t position() const override { return data_.size(); }
    void close() override {}

    [[nodiscard]] const std::string& data() const { return data_; }
    std::string take() { return std::move(data_); }

  private:
    std::string data_;
};

}  // namespace riverdelta::lake::parquet
