#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string_view>

namespace riverdelta::postgres {

// Owns one PGresult.
class Result {
  public:
    Result() = default;
    explicit Result(PGresult* res) : res_(res) {}

    [[nodiscard]] int rows() const { return res_ ? PQntuples(res_.get()) : 0; }
    [[nodiscard]] int columns() const { return res_ ? PQnfields(res_.get()) : 0; }
    [[nodiscard]] bool isNull(int row, int column) const {
        return PQgetisnull(res_.get(), row, column) != 0;
    }
    [[nodiscard]] std::string_view value(int row, int column) const {
        return {PQgetvalue(res_.get(), row, column),
                static_cast<std::size_t>(PQgetlength(res_.get(), row, column))};
    }
    [[nodiscard]] std::string_view columnName(int column) const {
        return PQfname(res_.get(), column);
    }
    [[nodiscard]] PGresult* get() const { return res_.get(); }

  private:
    struct Deleter {
        void operator()(PGresult* r) const { PQclear(r); }
    };
    std::unique_ptr<PGresult, Deleter> res_;
};

}  // namespace riverdelta::postgres
