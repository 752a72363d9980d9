#pragma once

#include <string>

#include "engine/core/error.h"

namespace riverdelta::postgres {

class PgError : public Error {
  public:
    explicit PgError(const std::string& what, std::string sqlState = {})
        : Error(what), sqlState_(std::move(sqlState)) {}
    // Five-character SQLSTATE when the server sent one (e.g. 28P01 wrong password).
    [[nodiscard]] const std::string& sqlState() const { return sqlState_; }

  private:
    std::string sqlState_;
};

// A message from libpq (PQerrorMessage, PQresultErrorMessage) without the newline it ends with,
// to go inside a sentence; empty for null.
std::string libpqMessage(const char* message);

}  // namespace riverdelta::postgres
