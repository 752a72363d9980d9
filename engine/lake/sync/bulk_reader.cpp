#include "engine/lake/sync/bulk_reader.h"

#include <algorithm>

namespace riverdelta::lake::sync {

std::vector<std::pair<std::string, std::string>> bulkReaderSettings(std::size_t prefetchBytes) {
    const std::size_t queueKb = std::max<std::size_t>(prefetchBytes >> 10, 1024);
    const std::string fetch = std::to_string(std::max<std::size_t>(queueKb << 8, 1 << 20));
    return {{"queued.min.messages", "1000000"},
            {"queued.max.messages.kbytes", std::to_string(queueKb)},
            {"max.partition.fetch.bytes", fetch},
            {"fetch.max.bytes", fetch},
            {"fetch.wait.max.ms", "100"}};
}

kafka::ClientConfig bulkReaderConfig(kafka::ClientConfig config, std::size_t prefetchBytes) {
    for (auto& [key, value] : bulkReaderSettings(prefetchBytes))
        if (!config.find(key)) config.set(key, value);
    return config;
}

}  // namespace riverdelta::lake::sync
