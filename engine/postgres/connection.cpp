#include "engine/postgres/connection.h"

#include <optional>
#include <vector>

#include "engine/postgres/pg_error.h"

namespace riverdelta::postgres {

namespace {

std::string withTimeout(const std::string& conninfo) {
    if (conninfo.find("connect_timeout") != std::string::npos) return conninfo;
    if (conninfo.starts_with("postgres://") || conninfo.starts_with("postgresql://"))
        return conninfo + (conninfo.find('?') == std::string::npos ? "?" : "&") +
               "connect_timeout=10";
    return conninfo + " connect_timeout=10";
}

}  // namespace

Connection::Connection(const std::string& conninfo) {
    conn_.reset(PQconnectdb(withTimeout(conninfo).c_str()));
    if (!conn_) throw PgError("PostgreSQL: out of memory creating a connection");
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
        std::string message = libpqMessage(PQerrorMessage(conn_.get()));
        std::string state;
        // libpq hands connection failures over as text only; recover the SQLSTATE callers
        // branch on.
        if (message.find("password authentication failed") != std::string::npos)
            state = "28P01";
        else if (message.find("does not exist") != std::string::npos &&
                 message.find("database") != std::string::npos)
            state = "3D000";
        else if ((message.find("role") != std::string::npos &&
                  message.find("does not exist") != std::string::npos) ||
                 message.find("no pg_hba.conf entry") != std::string::npos)
            state = "28000";
        else if (message.find("permission denied for database") != std::string::npos)
            state = "42501";
        throw PgError("PostgreSQL " + describe(conninfo) + ": " + message, state);
    }
    // Keep the server's notices out of stderr; they reach us through results when they matter.
    PQsetNoticeProcessor(
        conn_.get(), [](void*, const char*) {}, nullptr);
}

void Connection::fail(std::string_view what, PGresult* res) const {
    std::string state;
    std::string message;
    if (res) {
        if (const char* s = PQresultErrorField(res, PG_DIAG_SQLSTATE)) state = s;
        message = libpqMessage(PQresultErrorMessage(res));
    }
    if (message.empty()) message = libpqMessage(PQerrorMessage(conn_.get()));
    throw PgError(std::string(what) + ": " + message, state);
}

Result Connection::check(PGresult* raw, std::string_view what) {
    Result res(raw);
    auto status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_COPY_IN)
        fail(what, raw);
    return res;
}

Result Connection::exec(std::string_view sql) {
    std::string text(sql);
    return check(PQexec(conn_.get(), text.c_str()), "PostgreSQL query");
}

Result Connection::exec(std::string_view sql, std::span<const std::optional<std::string>> params) {
    std::string text(sql);
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params)
        values.push_back(p ? p->c_str() : nullptr);
    return check(PQexecParams(conn_.get(), text.c_str(), static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0),
                 "PostgreSQL query");
}

void Connection::copyIn(std::string_view copySql, std::string_view data) {
    exec(copySql);  // enters COPY IN state
    finishCopy(data);
}

std::vector<Result> Connection::beginCopyScript(std::string_view script) {
    std::string text(script);
    if (PQsendQuery(conn_.get(), text.c_str()) != 1) fail("PostgreSQL query");
    std::vector<Result> results;
    for (;;) {
        PGresult* raw = PQgetResult(conn_.get());
        if (!raw) fail("PostgreSQL query: the script ended without starting a COPY");
        const auto status = PQresultStatus(raw);
        if (status == PGRES_COPY_IN) {
            PQclear(raw);
            return results;
        }
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            Result error(raw);
            // The server skips the rest of the script after an error; read what is left.
            for (PGresult* rest = PQgetResult(conn_.get()); rest; rest = PQgetResult(conn_.get())) {
                if (PQresultStatus(rest) == PGRES_COPY_IN) PQputCopyEnd(conn_.get(), "aborted");
                PQclear(rest);
            }
            fail("PostgreSQL query", error.get());
        }
        results.emplace_back(raw);
    }
}

void Connection::finishCopy(std::string_view data) {
    if (!data.empty() &&
        PQputCopyData(conn_.get(), data.data(), static_cast<int>(data.size())) != 1)
        fail("PostgreSQL COPY");
    if (PQputCopyEnd(conn_.get(), nullptr) != 1) fail("PostgreSQL COPY");
    std::optional<Result> error;
    for (PGresult* raw = PQgetResult(conn_.get()); raw; raw = PQgetResult(conn_.get())) {
        Result r(raw);
        const auto status = PQresultStatus(raw);
        if (!error && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            error.emplace(std::move(r));
    }
    if (error) fail("PostgreSQL COPY", error->get());
}

void Connection::abortCopy(std::string_view reason) {
    std::string text(reason);
    PQputCopyEnd(conn_.get(), text.c_str());
    for (PGresult* raw = PQgetResult(conn_.get()); raw; raw = PQgetResult(conn_.get()))
        PQclear(raw);
}

std::string Connection::quoteLiteral(std::string_view text) const {
    char* quoted = PQescapeLiteral(conn_.get(), text.data(), text.size());
    if (!quoted) fail("PostgreSQL quoting");
    std::string out(quoted);
    PQfreemem(quoted);
    return out;
}

std::string Connection::serverVersion() const {
    int v = PQserverVersion(conn_.get());
    return std::to_string(v / 10000) + "." + std::to_string(v % 10000);
}

std::string Connection::host() const {
    return PQhost(conn_.get());
}
std::string Connection::port() const {
    return PQport(conn_.get());
}

std::string Connection::describe(const std::string& conninfo) {
    char* err = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &err);
    if (!options) {
        if (err) PQfreemem(err);
        return "(unparsable connection string)";
    }
    std::string host = "localhost", port = "5432", user, db;
    for (auto* o = options; o->keyword; ++o) {
        if (!o->val) continue;
        std::string_view key = o->keyword;
        if (key == "host" || key == "hostaddr") host = o->val;
        if (key == "port") port = o->val;
        if (key == "user") user = o->val;
        if (key == "dbname") db = o->val;
    }
    PQconninfoFree(options);
    std::string out = (user.empty() ? "" : user + "@") + host + ":" + port;
    if (!db.empty()) out += "/" + db;
    return out;
}

}  // namespace riverdelta::postgres
