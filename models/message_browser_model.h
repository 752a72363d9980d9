#pragma once

#include <QAbstractTableModel>
#include <QString>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "engine/topics/topic_tail.h"
#include "engine/topics/topics_view.h"

namespace riverdelta::models {

class EngineBridge;

// The message browser's rows: one topic read live through an engine TopicTail (its own consumer
// thread), newest first, at most `capacity` rows (the oldest go). New messages are taken at the
// bridge's poll rate (~10 Hz); paused, the tail keeps reading (bounded) and the rows stay still
// until resumed. A change of Kafka connection reopens the tail on the new cluster.
class MessageBrowserModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column {
        TimestampColumn,
        PartitionColumn,
        OffsetColumn,
        KeyColumn,
        ValueColumn,
        FormatColumn,
        ColumnCount
    };
    static constexpr int SearchTextRole = Qt::UserRole + 1;  // key + "\n" + value, for filters
    static constexpr std::size_t kDefaultCapacity = 2000;

    explicit MessageBrowserModel(EngineBridge& bridge, QObject* parent = nullptr);
    ~MessageBrowserModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Reads `topic` (every partition or one) from `from`; the rows start empty.
    void open(const QString& topic, std::optional<std::int32_t> partition,
              topics::TailPosition from = {});
    void close();
    void setPaused(bool paused);
    void setCapacity(std::size_t capacity) { capacity_ = capacity; }

    [[nodiscard]] bool paused() const { return paused_; }
    [[nodiscard]] const QString& topic() const { return topic_; }
    [[nodiscard]] std::optional<std::int32_t> partition() const { return partition_; }
    [[nodiscard]] const topics::TailPosition& position() const { return from_; }
    [[nodiscard]] std::size_t capacity() const { return capacity_; }
    [[nodiscard]] const topics::TailStatus& tailStatus() const { return status_; }
    [[nodiscard]] const topics::BrowsedMessage* message(int row) const;
    // The row of the message a jump landed on (the first read at the start offsets), or -1.
    [[nodiscard]] int targetRow() const;
    // The message as a JSON document (topics::messageJson).
    [[nodiscard]] QString messageJson(int row) const;
    // "following · 1,234 messages · newest first", "paused · 12 new", the tail's error, ...
    [[nodiscard]] QString statusText() const;

  signals:
    void statusChanged();
    // A jump's start offsets are known and its first message is in the rows.
    void targetReady(int row);

  private:
    void takeFromTail();
    void merge(std::vector<topics::BrowsedMessage> fresh);
    void watchConnection();
    [[nodiscard]] bool startsArrived() const;

    EngineBridge& bridge_;
    std::unique_ptr<topics::TopicTail> tail_;
    QString topic_;
    std::optional<std::int32_t> partition_;
    topics::TailPosition from_;
    std::size_t capacity_ = kDefaultCapacity;
    bool paused_ = false;
    bool targetAnnounced_ = false;
    std::vector<topics::BrowsedMessage> rows_;  // newest first
    topics::TailStatus status_;
    std::uint64_t dropped_ = 0;  // taken while paused or pushed out: not shown
    std::uint64_t waiting_ = 0;  // read while paused, shown at resume
    QString kafkaEndpoint_;      // the cluster the tail reads; another one reopens it
};

}  // namespace riverdelta::models
