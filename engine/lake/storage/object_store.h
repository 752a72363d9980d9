#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace riverdelta::lake::storage {

// Paths are '/'-separated and relative to the store's root ("tbl/_delta_log/000.json").

struct ObjectInfo {
    std::string path;
    std::uint64_t size = 0;
    std::int64_t modifiedMs = 0;  // Unix epoch milliseconds
};

enum class PutResult : std::uint8_t { Created, AlreadyExists };

// I/O failure (permissions, disk full, ...). Not used for "already exists", which is a result.
class StorageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A new object being written. Nothing is visible under the final name in a way a reader could
// mistake for complete until commit() returns (an object store uploads on commit; the local
// store writes in place but the file is referenced by nobody until the Delta commit). A NewFile
// destroyed without commit() removes what it wrote.
class NewFile {
  public:
    virtual ~NewFile() = default;
    virtual void write(std::string_view bytes) = 0;
    [[nodiscard]] virtual std::uint64_t size() const = 0;
    virtual void commit() = 0;  // durable on return
};

// The small storage interface the Delta log needs: LocalObjectStore (a folder) and
// S3ObjectStore (S3 or any S3-compatible store); storage::openObjectStore picks one.
class ObjectStore {
  public:
    virtual ~ObjectStore() = default;

    // Objects whose path starts with `prefix`, sorted by path. Missing directories list empty.
    virtual std::vector<ObjectInfo> list(std::string_view prefix) = 0;
    // Whole object, or nullopt when it does not exist.
    virtual std::optional<std::string> read(std::string_view path) = 0;
    // Size of the object in bytes, or nullopt when it does not exist.
    virtual std::optional<std::uint64_t> objectSize(std::string_view path) = 0;
    // Replaces `into` with bytes [offset, offset + length) of the object, so large objects can
    // be read in bounded pieces (`into` is reused: its capacity carries over between calls).
    // Throws StorageError naming the object when it is missing or ends before offset + length.
    virtual void readRange(std::string_view path, std::uint64_t offset, std::size_t length,
                           std::string& into) = 0;
    // Streams a new object; throws StorageError if it already exists.
    virtual std::unique_ptr<NewFile> createNewFile(std::string_view path) = 0;
    // Writes a new object; AlreadyExists (and nothing written) if the path exists.
    virtual PutResult writeNewFile(std::string_view path, std::string_view bytes);
    // Atomically creates the object with these bytes unless it exists: exactly one of several
    // concurrent callers gets Created; the others get AlreadyExists. Durable on return.
    virtual PutResult putIfAbsent(std::string_view path, std::string_view bytes) = 0;
    // Atomically replaces (or creates) the object; readers see the old or the new bytes.
    virtual void overwrite(std::string_view path, std::string_view bytes) = 0;
    // Removes an object; false when it did not exist.
    virtual bool remove(std::string_view path) = 0;
};

}  // namespace riverdelta::lake::storage
