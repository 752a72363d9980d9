// Seed throughput: our PostgreSQL sink against `psql \copy` of the same rows from a file, same
// server, same run. AsyncTableWriter with the default batching (500 rows / 20 ms, group commit)
// is the figure that counts; synchronous TableWriter runs with fixed batches show the cost of a
// commit per batch.
//
// Usage: bench_pg_seed [ROWS]   (default 1,000,000)
// Needs RIVERDELTA_TEST_PG_CONNINFO and RIVERDELTA_TEST_PG_BINDIR (scripts/test-services.sh).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "engine/core/process.h"
#include "engine/postgres/async_table_writer.h"
#include "engine/postgres/connection.h"
#include "engine/postgres/table_writer.h"

using namespace riverdelta;
using Clock = std::chrono::steady_clock;

namespace {

struct Customer {
    std::int64_t id;
    std::string firstName, lastName, email, phone, city, country, createdAt;
    std::int64_t loyaltyPoints;
    bool vip;
    double score;
};

std::vector<Customer> makeCustomers(std::int64_t n) {
    const char* first[] = {"Ana", "Björn", "Chloé", "Dmitri", "Eve", "Farah", "Giulia", "Hiro"};
    const char* last[] = {"Smith", "Müller", "García", "O'Brien", "Nakamura", "Dubois", "Rossi"};
    const char* cities[] = {"Lyon", "Zürich", "Porto", "Kraków", "Gent", "Bergen", "Sevilla"};
    const char* countries[] = {"FR", "CH", "PT", "PL", "BE", "NO", "ES"};
    std::mt19937_64 rng(42);
    std::vector<Customer> out;
    out.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 1; i <= n; ++i) {
        Customer c;
        c.id = i;
        c.firstName = first[rng() % 8];
        c.lastName = last[rng() % 7];
        c.email = c.firstName + "." + std::to_string(i) + "@example.com";
        c.phone = "+33 6 " + std::to_string(10'000'000 + rng() % 89'999'999);
        const auto city = rng() % 7;
        c.city = cities[city];
        c.country = countries[city];
        char ts[32];
        std::snprintf(ts, sizeof ts, "2024-%02d-%02d %02d:%02d:%02d+00", int(1 + rng() % 12),
                      int(1 + rng() % 28), int(rng() % 24), int(rng() % 60), int(rng() % 60));
        c.createdAt = ts;
        c.loyaltyPoints = static_cast<std::int64_t>(rng() % 100'000);
        c.vip = rng() % 10 == 0;
        c.score = static_cast<double>(rng() % 10'000) / 100.0;
        out.push_back(std::move(c));
    }
    return out;
}

postgres::TableSpec spec(const std::string& table) {
    return {.schema = "bench",
            .table = table,
            .columns = {{"customer_id", "bigint", true},
                        {"first_name", "text"},
                        {"last_name", "text"},
                        {"email", "text"},
                        {"phone", "text"},
                        {"city", "text"},
                        {"country", "text"},
                        {"created_at", "timestamptz"},
                        {"loyalty_points", "integer"},
                        {"vip", "boolean"},
                        {"score", "double precision"}},
            .primaryKey = {"customer_id"}};
}

void addRow(postgres::CopyBatch& b, const Customer& c) {
    b.beginRow(c.id);
    b.addInt(c.id);
    b.addText(c.firstName);
    b.addText(c.lastName);
    b.addText(c.email);
    b.addText(c.phone);
    b.addText(c.city);
    b.addText(c.country);
    b.addText(c.createdAt);
    b.addInt(c.loyaltyPoints);
    b.addBool(c.vip);
    b.addDouble(c.score);
    b.endRow();
}

double writerRun(const std::string& conninfo, const std::vector<Customer>& rows,
                 std::size_t batchRows) {
    const auto table = "writer_" + std::to_string(batchRows);
    postgres::TableWriter writer(conninfo, spec(table),
                                 {.writerId = "bench/" + table,
                                  .policy = postgres::TablePolicy::DropAndCreate,
                                  .batchRows = batchRows});
    postgres::CopyBatch batch;
    const auto start = Clock::now();
    for (const auto& c : rows) {
        addRow(batch, c);
        if (batch.rows() >= batchRows) {
            writer.write(batch);
            batch.clear();
        }
    }
    if (!batch.empty()) writer.write(batch);
    const double s = std::chrono::duration<double>(Clock::now() - start).count();
    if (writer.counters().rowsWritten != rows.size()) {
        std::fprintf(stderr, "writer wrote %llu rows, expected %zu\n",
                     static_cast<unsigned long long>(writer.counters().rowsWritten), rows.size());
        std::exit(1);
    }
    return s;
}

// What a runner does: fill batches, hand them over when due (500 rows / 20 ms), group commit.
double asyncRun(const std::string& conninfo, const std::vector<Customer>& rows) {
    const std::string table = "async_writer";
    postgres::AsyncTableWriter writer(std::make_unique<postgres::TableWriter>(
        conninfo, spec(table),
        postgres::TableWriterOptions{.writerId = "bench/" + table,
                                     .policy = postgres::TablePolicy::DropAndCreate}));
    postgres::CopyBatch batch;
    const auto start = Clock::now();
    for (const auto& c : rows) {
        addRow(batch, c);
        if (writer.writer().batchDue(batch)) writer.submit(batch);
    }
    writer.submit(batch);
    writer.flush();
    const double s = std::chrono::duration<double>(Clock::now() - start).count();
    const auto c = writer.counters();
    if (c.rowsWritten != rows.size()) {
        std::fprintf(stderr, "async writer wrote %llu rows\n",
                     static_cast<unsigned long long>(c.rowsWritten));
        std::exit(1);
    }
    std::printf("(async: %llu transactions, %.0f rows each on average)\n",
                static_cast<unsigned long long>(c.batches),
                static_cast<double>(c.rowsWritten) / static_cast<double>(c.batches));
    return s;
}

double psqlRun(const std::string& conninfo, const std::string& bindir,
               const std::vector<Customer>& rows) {
    postgres::Connection db(conninfo);
    const auto s = spec("psql_copy");
    db.exec("DROP TABLE IF EXISTS " + s.qualifiedName());
    db.exec(s.createTableSql());
    // The same bytes our writer sends, in a file (not timed).
    const auto file = std::filesystem::temp_directory_path() / "riverdelta-bench-seed.copy";
    {
        std::ofstream out(file, std::ios::binary);
        postgres::CopyBatch b;
        for (const auto& c : rows) {
            addRow(b, c);
            if (b.rows() == 10'000) {
                out << b.dataAfter(0);
                b.clear();
            }
        }
        out << b.dataAfter(0);
    }
    std::string columns;
    for (const auto& col : s.columns)
        columns += (columns.empty() ? "" : ", ") + col.name;
    const auto start = Clock::now();
    auto r =
        core::runProcess({bindir + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", conninfo, "-c",
                          "\\copy bench.psql_copy (" + columns + ") FROM '" + file.string() + "'"},
                         {.timeout = std::chrono::minutes(10)});
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    std::filesystem::remove(file);
    if (!r.ok()) {
        std::fprintf(stderr, "psql failed: %s\n", r.output.c_str());
        std::exit(1);
    }
    const auto count = db.exec("SELECT count(*) FROM bench.psql_copy");
    if (std::stoull(std::string(count.value(0, 0))) != rows.size()) {
        std::fprintf(stderr, "psql copied %s rows\n", std::string(count.value(0, 0)).c_str());
        std::exit(1);
    }
    return secs;
}

}  // namespace

int main(int argc, char** argv) {
    const char* conninfo = std::getenv("RIVERDELTA_TEST_PG_CONNINFO");
    const char* bindir = std::getenv("RIVERDELTA_TEST_PG_BINDIR");
    if (!conninfo || !bindir) {
        std::fprintf(stderr,
                     "bench_pg_seed: source the test services' env.sh first "
                     "(RIVERDELTA_TEST_PG_CONNINFO, RIVERDELTA_TEST_PG_BINDIR)\n");
        return 2;
    }
    const std::int64_t n = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
    const auto rows = makeCustomers(n);
    {
        postgres::Connection db(conninfo);
        db.exec("CREATE SCHEMA IF NOT EXISTS bench");
    }
    const double psql = psqlRun(conninfo, bindir, rows);
    const double async = asyncRun(conninfo, rows);
    const double ours500 = writerRun(conninfo, rows, 500);
    const double ours5k = writerRun(conninfo, rows, 5000);
    const double rate = static_cast<double>(n);
    std::printf("rows: %lld customer-like rows, 11 columns, primary key\n",
                static_cast<long long>(n));
    std::printf("psql \\copy (one COPY):           %8.2f s  %10.0f rows/s\n", psql, rate / psql);
    std::printf("AsyncTableWriter (500 / 20 ms):  %8.2f s  %10.0f rows/s  ratio %.2f\n", async,
                rate / async, psql / async);
    std::printf("TableWriter, batches of 500:     %8.2f s  %10.0f rows/s  ratio %.2f\n", ours500,
                rate / ours500, psql / ours500);
    std::printf("TableWriter, batches of 5000:    %8.2f s  %10.0f rows/s  ratio %.2f\n", ours5k,
                rate / ours5k, psql / ours5k);
    return 0;
}
