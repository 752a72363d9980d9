#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace riverdelta::core {

enum class LogLevel { Debug, Info, Warning, Error };

const char* toString(LogLevel level);

struct LogEntry {
    std::uint64_t sequence = 0;
    std::chrono::system_clock::time_point time;
    LogLevel level = LogLevel::Info;
    std::string source;   // e.g. "kafka", "postgres", "sandbox"
    std::string message;  // never contains secrets: callers redact before logging
};

// Bounded, thread-safe engine log. Readers pull what is new since the last sequence they saw,
// so a slow reader never holds writers up and memory stays bounded.
class Log {
  public:
    explicit Log(std::size_t capacity = 5000);

    void write(LogLevel level, std::string source, std::string message);
    [[nodiscard]] std::vector<LogEntry> since(std::uint64_t sequence) const;
    [[nodiscard]] std::uint64_t lastSequence() const;

    // Also forward entries as they are written (the CLI prints them); set before threads start.
    void setSink(std::function<void(const LogEntry&)> sink);

  private:
    mutable std::mutex mutex_;
    std::deque<LogEntry> entries_;
    std::size_t capacity_;
    std::uint64_t next_ = 1;
    std::function<void(const LogEntry&)> sink_;
};

}  // namespace riverdelta::core
