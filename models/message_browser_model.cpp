#include "models/message_browser_model.h"

#include <QDateTime>
#include <QLocale>
#include <algorithm>

#include "engine/engine.h"
#include "engine/topics/message_json.h"
#include "models/engine_bridge.h"

namespace riverdelta::models {

namespace {

// Above this many new messages at once, a reset is cheaper than row-by-row inserts.
constexpr std::size_t kInsertLimit = 64;
constexpr int kPreviewChars = 200;

bool newerFirst(const topics::BrowsedMessage& a, const topics::BrowsedMessage& b) {
    if (a.timestampMs != b.timestampMs) return a.timestampMs > b.timestampMs;
    if (a.offset != b.offset) return a.offset > b.offset;
    return a.partition < b.partition;
}

QString localTime(std::int64_t ms) {
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

}  // namespace

MessageBrowserModel::MessageBrowserModel(EngineBridge& bridge, QObject* parent)
    : QAbstractTableModel(parent), bridge_(bridge) {
    connect(&bridge_, &EngineBridge::polled, this, &MessageBrowserModel::takeFromTail);
    connect(&bridge_, &EngineBridge::snapshotChanged, this, &MessageBrowserModel::watchConnection);
}

MessageBrowserModel::~MessageBrowserModel() = default;

void MessageBrowserModel::open(const QString& topic, std::optional<std::int32_t> partition,
                               topics::TailPosition from) {
    topic_ = topic;
    partition_ = partition;
    from_ = from;
    targetAnnounced_ = false;
    dropped_ = 0;
    status_ = {};
    tail_.reset();  // ends the old reader's thread before the new one starts
    beginResetModel();
    rows_.clear();
    endResetModel();
    if (!topic_.isEmpty()) {
        const EngineSnapshot& s = bridge_.snapshot();
        kafkaEndpoint_ = s.kafka.state == ServiceState::Connected
                             ? QString::fromStdString(s.kafka.endpoint)
                             : QString();
        tail_ = bridge_.engine().openTail({.topic = topic_.toStdString(),
                                           .partition = partition_,
                                           .from = from_,
                                           .capacity = capacity_});
    }
    emit statusChanged();
}

void MessageBrowserModel::close() {
    topic_.clear();
    open({}, std::nullopt);
}

void MessageBrowserModel::setPaused(bool paused) {
    if (paused_ == paused) return;
    paused_ = paused;
    if (!paused_) takeFromTail();
    emit statusChanged();
}

void MessageBrowserModel::watchConnection() {
    if (topic_.isEmpty()) return;
    const EngineSnapshot& s = bridge_.snapshot();
    if (s.kafka.state != ServiceState::Connected) return;
    const QString endpoint = QString::fromStdString(s.kafka.endpoint);
    if (tail_ && endpoint == kafkaEndpoint_) return;
    open(topic_, partition_, from_);  // another cluster, or Kafka came up after the open
}

void MessageBrowserModel::takeFromTail() {
    if (!tail_) return;
    if (paused_) {
        const topics::TailStatus s = tail_->status();
        if (s.untaken != status_.untaken || s.state != status_.state) {
            status_ = s;
            emit statusChanged();
        }
        return;
    }
    topics::TailUpdate u = tail_->take();
    const bool statusMoved = u.status.state != status_.state || u.status.error != status_.error ||
                             u.status.received != status_.received ||
                             u.status.starts.size() != status_.starts.size();
    status_ = std::move(u.status);
    status_.untaken = 0;
    dropped_ += u.dropped;
    if (!u.messages.empty()) merge(std::move(u.messages));
    if (statusMoved) emit statusChanged();
    if (!targetAnnounced_ && from_.kind != topics::TailPosition::Kind::Newest &&
        (startsArrived() || status_.state == topics::TailState::WindowFull ||
         status_.state == topics::TailState::Failed)) {
        targetAnnounced_ = true;
        emit targetReady(targetRow());
    }
}

bool MessageBrowserModel::startsArrived() const {
    // Every partition read has its first message in the rows (or had nothing to read): only
    // then is the earliest of them known. Partitions arrive in any order.
    if (status_.state == topics::TailState::Starting || status_.starts.empty()) return false;
    for (const auto& start : status_.starts) {
        if (start.offset >= start.high) continue;
        const bool arrived = std::any_of(rows_.begin(), rows_.end(), [&](const auto& m) {
            return m.partition == start.partition && m.offset >= start.offset;
        });
        if (!arrived) return false;
    }
    return true;
}

void MessageBrowserModel::merge(std::vector<topics::BrowsedMessage> fresh) {
    std::sort(fresh.begin(), fresh.end(), newerFirst);
    if (rows_.empty() || fresh.size() > kInsertLimit) {
        std::vector<topics::BrowsedMessage> merged;
        merged.reserve(std::min(capacity_, rows_.size() + fresh.size()));
        std::merge(std::make_move_iterator(fresh.begin()), std::make_move_iterator(fresh.end()),
                   std::make_move_iterator(rows_.begin()), std::make_move_iterator(rows_.end()),
                   std::back_inserter(merged), newerFirst);
        if (merged.size() > capacity_) {
            dropped_ += merged.size() - capacity_;
            merged.resize(capacity_);
        }
        beginResetModel();
        rows_ = std::move(merged);
        endResetModel();
        return;
    }
    for (auto& m : fresh) {
        const auto at = std::upper_bound(rows_.begin(), rows_.end(), m, newerFirst);
        const int row = static_cast<int>(at - rows_.begin());
        beginInsertRows({}, row, row);
        rows_.insert(at, std::move(m));
        endInsertRows();
    }
    if (rows_.size() > capacity_) {
        dropped_ += rows_.size() - capacity_;
        beginRemoveRows({}, static_cast<int>(capacity_), static_cast<int>(rows_.size()) - 1);
        rows_.resize(capacity_);
        endRemoveRows();
    }
}

int MessageBrowserModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int MessageBrowserModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const topics::BrowsedMessage* MessageBrowserModel::message(int row) const {
    if (row < 0 || row >= rowCount()) return nullptr;
    return &rows_[static_cast<std::size_t>(row)];
}

int MessageBrowserModel::targetRow() const {
    if (from_.kind == topics::TailPosition::Kind::Newest) return -1;
    // The first message read in each partition; the earliest of them is where the jump landed.
    int best = -1;
    for (const auto& start : status_.starts) {
        if (start.offset >= start.high) continue;
        // Offsets may skip (compaction, transaction markers): the lowest at or after the start.
        int first = -1;
        for (std::size_t i = 0; i < rows_.size(); ++i) {
            const auto& m = rows_[i];
            if (m.partition == start.partition && m.offset >= start.offset &&
                (first < 0 || m.offset < rows_[static_cast<std::size_t>(first)].offset))
                first = static_cast<int>(i);
        }
        if (first >= 0 && (best < 0 || newerFirst(rows_[static_cast<std::size_t>(best)],
                                                  rows_[static_cast<std::size_t>(first)])))
            best = first;
    }
    return best;
}

QString MessageBrowserModel::messageJson(int row) const {
    const topics::BrowsedMessage* m = message(row);
    if (!m) return {};
    return QString::fromStdString(topics::messageJson(topic_.toStdString(), *m));
}

QString MessageBrowserModel::statusText() const {
    const QLocale locale;
    if (topic_.isEmpty()) return tr("Select a topic to read its messages");
    if (!tail_) return tr("waiting for Kafka to connect");
    QString from;
    switch (from_.kind) {
        case topics::TailPosition::Kind::Newest:
            break;
        case topics::TailPosition::Kind::Offset:
            from = tr("from offset %1").arg(from_.value);
            break;
        case topics::TailPosition::Kind::Time:
            from = tr("from %1").arg(localTime(from_.value));
            break;
    }
    const auto count = [&] {
        return rows_.size() == 1
                   ? tr("1 message")
                   : tr("%1 messages").arg(locale.toString(static_cast<qulonglong>(rows_.size())));
    };
    QString text;
    switch (status_.state) {
        case topics::TailState::Starting:
            text = from.isEmpty() ? tr("reading the newest messages…")
                                  : tr("finding the messages %1…").arg(from);
            break;
        case topics::TailState::Following:
            text = from.isEmpty() ? tr("live · %1, newest first").arg(count())
                                  : tr("%1 · %2 · following new ones").arg(from, count());
            break;
        case topics::TailState::WindowFull:
            text = tr("%1 · the first %2 (window full); Live shows the newest").arg(from, count());
            break;
        case topics::TailState::Failed:
            return tr("could not read: %1").arg(QString::fromStdString(status_.error));
    }
    if (!from.isEmpty() && rows_.empty() && status_.state != topics::TailState::Starting &&
        !status_.starts.empty() &&
        std::all_of(status_.starts.begin(), status_.starts.end(),
                    [](const topics::PartitionStart& p) { return p.offset >= p.high; }))
        text = tr("nothing %1 yet · waiting for new messages").arg(from);
    if (rows_.size() >= capacity_)
        text +=
            tr(" · the newest %1 kept").arg(locale.toString(static_cast<qulonglong>(capacity_)));
    if (paused_)
        text = tr("paused · %1")
                   .arg(status_.untaken == 0
                            ? tr("no new messages")
                            : tr("%1 new waiting")
                                  .arg(locale.toString(static_cast<qulonglong>(status_.untaken))));
    if (!status_.error.empty())
        text += QStringLiteral(" · ") + QString::fromStdString(status_.error);
    return text;
}

QVariant MessageBrowserModel::data(const QModelIndex& index, int role) const {
    const topics::BrowsedMessage* m = message(index.row());
    if (!m) return {};
    switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
                case TimestampColumn: {
                    // Today's as a time only, so the value keeps room; the date is on hover.
                    if (m->timestampMs < 0) return QStringLiteral("—");
                    const QDateTime at = QDateTime::fromMSecsSinceEpoch(m->timestampMs);
                    return at.date() == QDate::currentDate()
                               ? at.toString(QStringLiteral("HH:mm:ss.zzz"))
                               : localTime(m->timestampMs);
                }
                case PartitionColumn:
                    return m->partition;
                case OffsetColumn:
                    return static_cast<qlonglong>(m->offset);
                case KeyColumn:
                    return QString::fromStdString(m->key).simplified();
                case ValueColumn:
                    return QString::fromStdString(m->value.substr(0, kPreviewChars * 4))
                        .simplified()
                        .left(kPreviewChars);
                case FormatColumn:
                    return QString::fromStdString(m->valueFormat);
            }
            break;
        case Qt::ToolTipRole:
            if (index.column() == TimestampColumn && m->timestampMs >= 0)
                return tr("%1 (%2 ms since the epoch)")
                    .arg(localTime(m->timestampMs))
                    .arg(m->timestampMs);
            if (index.column() == FormatColumn && !m->decodeError.empty())
                return QString::fromStdString(m->decodeError);
            break;
        case Qt::TextAlignmentRole:
            if (index.column() == PartitionColumn || index.column() == OffsetColumn)
                return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
            break;
        case SearchTextRole:
            return QString::fromStdString(m->key) + QLatin1Char('\n') +
                   QString::fromStdString(m->value);
    }
    return {};
}

QVariant MessageBrowserModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case TimestampColumn:
            return tr("Timestamp");
        case PartitionColumn:
            return tr("Part.");
        case OffsetColumn:
            return tr("Offset");
        case KeyColumn:
            return tr("Key");
        case ValueColumn:
            return tr("Value");
        case FormatColumn:
            return tr("Format");
    }
    return {};
}

}  // namespace riverdelta::models
