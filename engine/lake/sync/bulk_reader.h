#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "engine/kafka/client_config.h"

namespace riverdelta::lake::sync {

// The sync job's consumer reads in bulk. With librdkafka's defaults its prefetch queue fills
// (100,000 messages) while a batch is encoded, fetching pauses and resumes only about half a
// second later, so a catching-up job waited more than it worked (bench_lake_sync: 150k rows/s
// wall at 850k rows per CPU-second). The queue is bounded by bytes instead (`prefetchBytes`,
// 8 MiB by default: tens of milliseconds of the job's work) and refilled by fetches of a quarter
// of that. A deeper queue only holds the topic's backlog in memory, and librdkafka keeps each
// fetch's buffer until its last message is gone: 128 MiB of queue and 64 MiB fetches made most
// of a 1 M-row catch-up's 480 MB peak; kcat with 8 MiB / 2 MiB peaks at 39 MB and reads as fast.
// A full queue no longer stalls fetching for long (kafka::FetchWaker). A caught-up consumer's
// long-poll fetch waits at most 100 ms (librdkafka: 500): requests behind it on its connection
// (the FetchWaker's, and closing the consumer) wait that long, and a finished catch-up took
// 450 ms to close.
//
// The librdkafka properties, in order (bench_lake_sync gives its ceiling and its Python peer
// the same ones).
std::vector<std::pair<std::string, std::string>> bulkReaderSettings(std::size_t prefetchBytes);

// `config` with bulkReaderSettings() where it does not set the property itself: the user's own
// settings win.
kafka::ClientConfig bulkReaderConfig(kafka::ClientConfig config, std::size_t prefetchBytes);

}  // namespace riverdelta::lake::sync
