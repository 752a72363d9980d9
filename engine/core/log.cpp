#include "engine/core/log.h"

namespace riverdelta::core {

const char* toString(LogLevel level) {
    switch (level) {
        case LogLevel::Debug:
            return "debug";
        case LogLevel::Info:
            return "info";
        case LogLevel::Warning:
            return "warning";
        case LogLevel::Error:
            return "error";
    }
    return "info";
}

Log::Log(std::size_t capacity) : capacity_(capacity) {}

void Log::write(LogLevel level, std::string source, std::string message) {
    LogEntry entry{0, std::chrono::system_clock::now(), level, std::move(source),
                   std::move(message)};
    std::function<void(const LogEntry&)> sink;
    {
        std::lock_guard lock(mutex_);
        entry.sequence = next_++;
        entries_.push_back(entry);
        if (entries_.size() > capacity_) entries_.pop_front();
        sink = sink_;
    }
    if (sink) sink(entry);
}

std::vector<LogEntry> Log::since(std::uint64_t sequence) const {
    std::lock_guard lock(mutex_);
    std::vector<LogEntry> out;
    for (auto it = entries_.rbegin(); it != entries_.rend() && it->sequence > sequence; ++it)
        out.push_back(*it);
    return {out.rbegin(), out.rend()};
}

std::uint64_t Log::lastSequence() const {
    std::lock_guard lock(mutex_);
    return next_ - 1;
}

void Log::setSink(std::function<void(const LogEntry&)> sink) {
    std::lock_guard lock(mutex_);
    sink_ = std::move(sink);
}

}  // namespace riverdelta::core
