#pragma once

#include <string>

#include "engine/core/error.h"

namespace riverdelta::cdc {

// What went wrong, so callers (status views, tests) can tell the cases apart without parsing
// the message. The message itself always says what to do about it.
enum class CdcErrorKind {
    Protocol,                 // malformed or unexpected replication data
    WalLevel,                 // wal_level is not 'logical'
    ReplicationPrivilege,     // the role may not open replication connections
    SlotInUse,                // another client streams from the slot
    MissingPrimaryKey,        // an included table has no primary key
    PublicationMissingTable,  // an existing publication lacks an included table
    MissingTable,             // an included table does not exist
    SlotPlugin,               // the slot exists but does not use pgoutput
    Kafka,                    // delivery to Kafka failed
    Other,
};

class CdcError : public Error {
  public:
    CdcError(CdcErrorKind kind, const std::string& what) : Error(what), kind_(kind) {}
    [[nodiscard]] CdcErrorKind kind() const { return kind_; }

  private:
    CdcErrorKind kind_;
};

}  // namespace riverdelta::cdc
