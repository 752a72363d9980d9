#pragma once

#include <QObject>
#include <QString>
#include <QThreadPool>
#include <cstdint>
#include <optional>

#include "engine/lake/sync/sync_job.h"
#include "engine/lake/sync/table_details.h"

class QStandardItemModel;

namespace riverdelta::models {

class EngineBridge;

// The table page of one synced topic: its sync status from every snapshot, and what the Delta
// table itself holds (schema, commit history, the newest rows), read on a worker thread
// whenever the table's version changes, never on the GUI thread. Schema, history and preview
// are item models for views; snippet() gives code that reads the table from other tools.
class TableDetailsModel : public QObject {
    Q_OBJECT
  public:
    enum class Tool { DuckDb, Spark, DeltaRs };

    explicit TableDetailsModel(EngineBridge& bridge, QObject* parent = nullptr);
    ~TableDetailsModel() override;  // waits for a read in flight

    void setTopic(const QString& topic);
    [[nodiscard]] QString topic() const { return topic_; }

    // The sync's status in the latest snapshot; null when the topic is not synced.
    [[nodiscard]] const lake::sync::SyncStatus* status() const;
    // The last read of the table; nullopt before the first one ended.
    [[nodiscard]] const std::optional<lake::sync::TableDetails>& details() const {
        return details_;
    }
    [[nodiscard]] QString readError() const { return readError_; }  // the last read's failure
    [[nodiscard]] bool reading() const { return reading_; }
    // The table version the shown details are of (-1: none yet).
    [[nodiscard]] std::int64_t detailsVersion() const { return details_ ? details_->version : -1; }

    [[nodiscard]] QStandardItemModel* schemaModel() const {
        return schema_;
    }  // name, type, nullable
    [[nodiscard]] QStandardItemModel* historyModel() const {
        return history_;
    }  // version, time, ...
    [[nodiscard]] QStandardItemModel* previewModel() const { return preview_; }  // newest first

    // Code that reads the table with `tool`: the local path, or the s3:// URL with the store's
    // endpoint; credentials only as environment variables, never their values.
    [[nodiscard]] QString snippet(Tool tool) const;
    static QString toolName(Tool tool);

    static QString stateText(const lake::sync::SyncStatus& s);
    static QString freshnessText(const lake::sync::SyncStatus& s);
    static QString maintenanceText(const lake::sync::SyncStatus& s);
    static QString bytesText(std::int64_t bytes);

  signals:
    void statusChanged();   // on every poll while a topic is set
    void detailsChanged();  // a read ended (details() or readError() changed)

  private:
    void poll();
    void startRead();
    void finishRead(std::uint64_t generation, std::optional<lake::sync::TableDetails> details,
                    const QString& error);
    void fillModels();

    EngineBridge& bridge_;
    QString topic_;
    std::optional<lake::sync::SyncStatus> status_;
    std::optional<lake::sync::TableDetails> details_;
    QString readError_;
    bool reading_ = false;
    std::int64_t wantedVersion_ = -1;  // the table version the next read should reach
    std::uint64_t generation_ = 0;     // bumped on setTopic: older reads are dropped
    std::string s3Endpoint_;           // of the shown table's store, for snippets
    bool s3PathStyle_ = false;
    QStandardItemModel* schema_;
    QStandardItemModel* history_;
    QStandardItemModel* preview_;
    QThreadPool reader_;
};

}  // namespace riverdelta::models
