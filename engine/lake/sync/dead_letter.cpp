#include "engine/lake/sync/dead_letter.h"

#include <string>

namespace riverdelta::lake::sync {

std::vector<kafka::RecordHeader> deadLetterHeaders(const kafka::Message& record,
                                                   std::string_view why, std::string_view table) {
    std::vector<kafka::RecordHeader> headers;
    for (auto& [name, value] : record.headers())
        headers.push_back({std::move(name), std::move(value)});
    headers.push_back({kDlqTopicHeader, std::string(record.topic())});
    headers.push_back({kDlqPartitionHeader, std::to_string(record.partition())});
    headers.push_back({kDlqOffsetHeader, std::to_string(record.offset())});
    headers.push_back({kDlqConnectorHeader, "riverdelta-lake-sync"});
    headers.push_back({kDlqStageHeader, "VALUE_CONVERTER"});
    headers.push_back({kDlqExceptionClassHeader, "riverdelta.lake.sync.UndecodableRecord"});
    headers.push_back({kDlqExceptionMessageHeader, std::string(why)});
    headers.push_back({kDlqTimestampHeader, std::to_string(record.timestampMs())});
    headers.push_back({kDlqTableHeader, std::string(table)});
    return headers;
}

}  // namespace riverdelta::lake::sync
