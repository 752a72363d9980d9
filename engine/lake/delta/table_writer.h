#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lake/delta/actions.h"
#include "engine/lake/delta/delta_log.h"
#include "engine/lake/delta/snapshot.h"
#include "engine/lake/delta/table_invariant.h"
#include "engine/lake/delta/table_schema.h"
#include "engine/lake/parquet/file_writer.h"
#include "engine/lake/storage/object_store.h"

namespace riverdelta::lake::delta {

// The table uses protocol features this writer does not implement (column mapping, deletion
// vectors, constraints, ...): appending could corrupt it, so nothing is written.
class UnsupportedTableError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Throws UnsupportedTableError unless every reader / writer feature the protocol requires is one
// Riverdelta honours when appending: legacy reader 1 / writer 2 (appendOnly, invariants — none
// may be declared in the schema), or table features appendOnly, invariants, timestampNtz.
void checkWritable(const Protocol& protocol, const Metadata* metadata);

struct TableWriterOptions {
    parquet::WriterOptions parquet;        // codec (snappy default), row-group and page sizes
    std::int64_t checkpointInterval = 10;  // checkpoint when version % interval == 0; 0 = never
    std::optional<std::string> tableName;  // metaData.name on creation
    std::map<std::string, std::string> configuration;  // metaData.configuration on creation
    std::string operation = "STREAMING UPDATE";        // commitInfo.operation for appends
};

struct CommitResult {
    CommitStatus status = CommitStatus::Committed;
    std::int64_t version = -1;  // the committed version; on Conflict the refreshed table version
    std::optional<std::string> checkpointError;  // the commit stands even if its checkpoint failed
};

// One Parquet data file of the table, being written. Column i is field i of the table schema
// at the time newDataFile() was called; append with the ColumnWriter call for its type:
//   string → appendBytes            long, timestamp, timestamp_ntz → appendInt64 (µs since epoch)
//   integer, short, byte, date → appendInt32 (date: days since epoch)
//   double → appendDouble   float → appendFloat   boolean → appendBool   null → appendNull
// and call endRows() every so often (each call may flush a row group to storage).
class DataFileWriter {
  public:
    DataFileWriter(storage::ObjectStore& store, const std::string& tableRoot, TableSchema schema,
                   const parquet::WriterOptions& options);
    ~DataFileWriter();
    DataFileWriter(const DataFileWriter&) = delete;
    DataFileWriter& operator=(const DataFileWriter&) = delete;

    parquet::ColumnWriter& column(std::size_t i) { return writer_->column(i); }
    void endRows() { writer_->endRows(); }
    [[nodiscard]] std::int64_t numRows() const { return writer_->numRows(); }
    [[nodiscard]] const TableSchema& schema() const { return schema_; }
    // Path relative to the table root ("part-<uuid>-c000.snappy.parquet").
    [[nodiscard]] const std::string& path() const { return relativePath_; }

    // Closes the file (durable) and returns its add action with stats. Call once. A
    // DataFileWriter destroyed without finish() removes its partial file.
    AddFile finish();

  private:
    class Sink;
    TableSchema schema_;
    std::string relativePath_;
    std::unique_ptr<storage::NewFile> file_;
    std::unique_ptr<Sink> sink_;
    std::unique_ptr<parquet::FileWriter> writer_;
};

// Appends to one Delta table: creates it, evolves its schema, writes data files and commits
// them with the application transactions (txn) that make the writes idempotent.
//
//   storage::LocalObjectStore store("/data/lake/clickstream");
//   delta::TableWriter table(store, "");                  // replays the log
//   table.ensureSchema(schema);                           // create, or add new nullable columns
//   auto from = table.txnVersion("riverdelta-clickstream-0");   // last offset committed, if any
//   auto file = table.newDataFile();
//   file->column(0).appendBytes("a"); ... file->endRows();
//   delta::AddFile add = file->finish();
//   auto r = table.commit({&add, 1}, std::vector<delta::Txn>{{"riverdelta-clickstream-0", 41}});
//   if (r.status == delta::CommitStatus::Conflict) {
//       // table.snapshot() is refreshed: check txnVersion() again, then commit() the same
//       // add again (the data file stays valid) or give up.
//   }
class TableWriter {
  public:
    TableWriter(storage::ObjectStore& store, std::string tablePath,
                TableWriterOptions options = {});

    [[nodiscard]] const Snapshot& snapshot() const { return snapshot_; }
    [[nodiscard]] bool exists() const { return snapshot_.exists(); }
    [[nodiscard]] std::int64_t version() const { return snapshot_.version; }
    // The table schema (empty when the table does not exist).
    [[nodiscard]] TableSchema schema() const;
    [[nodiscard]] std::optional<std::int64_t> txnVersion(std::string_view appId) const {
        return snapshot_.txnVersion(appId);
    }
    [[nodiscard]] const DeltaLog& log() const { return log_; }

    // Re-reads the log (after a conflict, or to see other writers).
    void refresh();

    // Creates the table with `source` (version 0: protocol + metaData), or merges `source` into
    // the existing schema: new fields become nullable columns through a new metaData with the
    // same id (and a protocol upgrade if a timestamp_ntz column appears). Retries on commit
    // conflicts. Returns the table version afterwards. Throws SchemaIncompatibleError for a
    // type change or a missing required field; the table is left untouched then.
    std::int64_t ensureSchema(const TableSchema& source);

    // A new data file with the current table schema. Requires an existing table.
    std::unique_ptr<DataFileWriter> newDataFile();

    // Commits `adds` + `txns` (at most one per appId; lastUpdated filled in) + commitInfo as the
    // next version, atomically. On Conflict nothing was written and the snapshot is refreshed.
    CommitResult commit(std::span<const AddFile> adds, std::span<const Txn> txns);

  private:
    CommitResult commitActions(std::vector<Action> actions);
    void refuseDamaged() const;  // throws DamagedTableError

    storage::ObjectStore& store_;
    std::string tablePath_;
    TableWriterOptions options_;
    DeltaLog log_;
    Snapshot snapshot_;
};

// A random (version 4) UUID, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string randomUuid();

}  // namespace riverdelta::lake::delta
