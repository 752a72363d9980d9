#pragma once

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/postgres/result.h"

namespace riverdelta::postgres {

// One libpq connection. Errors are PgError with the server's SQLSTATE; messages never include
// the password.
class Connection {
  public:
    // conninfo: "key=value ..." or a postgresql:// URI. connect_timeout defaults to 10 s.
    explicit Connection(const std::string& conninfo);

    Result exec(std::string_view sql);
    Result exec(std::string_view sql, std::span<const std::optional<std::string>> params);

    // COPY ... FROM STDIN in text format: `data` is complete lines.
    void copyIn(std::string_view copySql, std::string_view data);

    // The same in fewer round trips: `script` is several statements (simple query protocol, no
    // parameters) ending in COPY ... FROM STDIN; returns the results of the statements before
    // the COPY, and leaves the connection in the COPY IN state for finishCopy() or abortCopy().
    std::vector<Result> beginCopyScript(std::string_view script);
    void finishCopy(std::string_view data);
    void abortCopy(std::string_view reason);

    // A string as an SQL literal for this connection ('...' with quotes escaped).
    [[nodiscard]] std::string quoteLiteral(std::string_view text) const;

    [[nodiscard]] std::string serverVersion() const;
    [[nodiscard]] std::string host() const;
    [[nodiscard]] std::string port() const;
    [[nodiscard]] PGconn* get() const { return conn_.get(); }

    // A conninfo with any password replaced, for logs and status lines.
    static std::string describe(const std::string& conninfo);

  private:
    [[noreturn]] void fail(std::string_view what, PGresult* res = nullptr) const;
    Result check(PGresult* res, std::string_view what);

    struct Deleter {
        void operator()(PGconn* c) const { PQfinish(c); }
    };
    std::unique_ptr<PGconn, Deleter> conn_;
};

}  // namespace riverdelta::postgres
