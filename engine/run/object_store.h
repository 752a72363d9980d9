#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace riverdelta::run {

// Where ObjectSink puts the objects it rolls: a local directory (fileSystem connections) or
// an object store bucket. Keys are relative paths ("sub/dir/prefix-3.jsonl").
class ObjectStore {
  public:
    ObjectStore() = default;
    ObjectStore(const ObjectStore&) = delete;
    ObjectStore& operator=(const ObjectStore&) = delete;
    virtual ~ObjectStore() = default;

    // Stores `bytes` under `key`, whole or not at all; throws riverdelta::Error on failure.
    virtual void put(std::string_view key, std::string_view bytes) = 0;
    // The first number n for which "<keyPrefix><n>.<suffix>" and every later one are free, so
    // a repeated run adds objects instead of replacing the earlier run's.
    virtual std::uint64_t nextIndex(std::string_view keyPrefix, std::string_view suffix) = 0;
    // Where `key` goes, for messages ("/tmp/data/a/foo-0.jsonl", "s3://bucket/key").
    [[nodiscard]] virtual std::string describe(std::string_view key) const = 0;
};

}  // namespace riverdelta::run
