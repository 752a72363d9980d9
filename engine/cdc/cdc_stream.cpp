#include "engine/cdc/cdc_stream.h"

#include "engine/cdc/cdc_error.h"
#include "engine/cdc/table_info.h"

namespace riverdelta::cdc {

CdcStream::CdcStream(std::vector<std::string> tables, std::string topicPrefix,
                     CdcStreamOptions options, const std::string& enginePostgres,
                     const kafka::ClientConfig& engineKafka, core::Log* log)
    : tables_(std::move(tables)), prefix_(std::move(topicPrefix)) {
    PgSourceOptions o;
    o.postgresConninfo =
        options.postgresConninfo.empty() ? enginePostgres : options.postgresConninfo;
    o.kafka = options.kafka.bootstrapServers.empty() ? engineKafka : std::move(options.kafka);
    if (o.postgresConninfo.empty())
        throw CdcError(CdcErrorKind::Other,
                       "cannot start change data capture: PostgreSQL is not connected (start the "
                       "sandbox or choose a connection)");
    if (o.kafka.bootstrapServers.empty())
        throw CdcError(CdcErrorKind::Other,
                       "cannot start change data capture: Kafka is not connected (start the "
                       "sandbox or choose a connection)");
    if (tables_.empty())
        throw CdcError(CdcErrorKind::Other,
                       "cannot start change data capture: no tables given (schema.table)");
    o.tables = tables_;
    if (!prefix_.empty()) o.topicPrefix = prefix_;
    prefix_ = o.topicPrefix;
    o.slotName = options.slotName;
    o.publicationName = options.publicationName;
    o.tombstones = options.tombstones;
    o.dropSlotOnStop = options.dropSlotOnStop;
    o.log = log;
    source_ = std::make_unique<PgSource>(std::move(o));
}

CdcStream::~CdcStream() {
    stop();
}

void CdcStream::start() {
    source_->start();
}

void CdcStream::stop() {
    source_->stop();
}

CdcStreamStatus CdcStream::status() const {
    return CdcStreamStatus{tables_, prefix_, source_->status()};
}

std::vector<std::string> CdcStream::topics() const {
    std::vector<std::string> out;
    for (const auto& t : tables_)
        out.push_back(prefix_ + "." + TableName::parse(t).display());
    return out;
}

bool CdcStream::active() const {
    const auto state = source_->status().state;
    return state != SourceState::Stopped && state != SourceState::Failed;
}

}  // namespace riverdelta::cdc
