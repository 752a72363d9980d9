#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace riverdelta::lake::parquet {

// Random access to the bytes of a Parquet file being read, so a file need not be in memory as
// a whole: MemorySource here; the compactor adapts storage::ObjectStore's ranged reads to it.
class ByteSource {
  public:
    virtual ~ByteSource() = default;
    [[nodiscard]] virtual std::uint64_t size() const = 0;
    // Bytes [offset, offset + length), offset + length <= size(). The view stays valid until
    // the next read() or the source's end. Throws when the bytes cannot be read.
    virtual std::string_view read(std::uint64_t offset, std::size_t length) = 0;
};

// A whole file already in memory.
class MemorySource final : public ByteSource {
  public:
    explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
    [[nodiscard]] std::uint64_t size() const override { return bytes_.size(); }
    std::string_view read(std::uint64_t offset, std::size_t length) override {
        return bytes_.substr(static_cast<std::size_t>(offset), length);
    }

  private:
    std::string_view bytes_;
};

}  // namespace riverdelta::lake::parquet
