#include "models/table_details_model.h"

#include <QBrush>
#include <QDateTime>
#include <QLocale>
#include <QPalette>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QTimeZone>
#include <algorithm>

#include "engine/engine.h"
#include "engine/lake/storage/lake_location.h"
#include "models/byte_text.h"
#include "models/engine_bridge.h"
#include "models/sync_status_model.h"

namespace riverdelta::models {

using lake::delta::DeltaType;

namespace {

QString quoted(const QString& text, QChar quote) {
    QString escaped = text;
    escaped.replace(quote,
                    quote == QLatin1Char('\'') ? QStringLiteral("''") : QStringLiteral("\\\""));
    return quote + escaped + quote;
}

// A preview cell as text: timestamps (µs) and dates (days) readable, strings as they are.
QString cellText(const nlohmann::json& value, DeltaType type) {
    if (value.is_null()) return QStringLiteral("null");
    if (value.is_string()) return QString::fromStdString(value.get<std::string>());
    if (value.is_number_integer()) {
        const auto n = value.get<std::int64_t>();
        switch (type) {
            case DeltaType::Timestamp:
                return QDateTime::fromMSecsSinceEpoch(n / 1000, QTimeZone::utc())
                    .toLocalTime()
                    .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
            case DeltaType::TimestampNtz:
                return QDateTime::fromMSecsSinceEpoch(n / 1000, QTimeZone::utc())
                    .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
            case DeltaType::Date:
                return QDate(1970, 1, 1).addDays(n).toString(Qt::ISODate);
            default:
                return QString::number(n);
        }
    }
    if (value.is_boolean())
        return value.get<bool>() ? QStringLiteral("true") : QStringLiteral("false");
    return QString::fromStdString(value.dump());
}

QString milliseconds(double ms) {
    if (ms < 1000) return QObject::tr("%1 ms").arg(ms, 0, 'f', 0);
    return QObject::tr("%1 s").arg(ms / 1000.0, 0, 'f', ms < 10000 ? 1 : 0);
}

QStandardItem* item(const QString& text, Qt::Alignment alignment = Qt::AlignLeft) {
    auto* i = new QStandardItem(text);
    i->setEditable(false);
    i->setTextAlignment(alignment | Qt::AlignVCenter);
    return i;
}

}  // namespace

TableDetailsModel::TableDetailsModel(EngineBridge& bridge, QObject* parent)
    : QObject(parent),
      bridge_(bridge),
      schema_(new QStandardItemModel(this)),
      history_(new QStandardItemModel(this)),
      preview_(new QStandardItemModel(this)) {
    reader_.setMaxThreadCount(1);
    schema_->setHorizontalHeaderLabels({tr("Column"), tr("Delta type"), tr("Nullable")});
    history_->setHorizontalHeaderLabels(
        {tr("Version"), tr("Time"), tr("Operation"), tr("Rows added"), tr("Files")});
    connect(&bridge_, &EngineBridge::polled, this, &TableDetailsModel::poll);
}

TableDetailsModel::~TableDetailsModel() {
    reader_.waitForDone();
}

void TableDetailsModel::setTopic(const QString& topic) {
    if (topic == topic_) return;
    topic_ = topic;
    ++generation_;
    status_.reset();
    details_.reset();
    readError_.clear();
    reading_ = false;
    wantedVersion_ = -1;
    fillModels();
    emit detailsChanged();
    poll();
}

const lake::sync::SyncStatus* TableDetailsModel::status() const {
    return status_ ? &*status_ : nullptr;
}

void TableDetailsModel::poll() {
    if (topic_.isEmpty()) return;
    status_.reset();
    const std::string topic = topic_.toStdString();
    for (const auto& s : bridge_.snapshot().syncs)
        if (s.topic == topic) status_ = s;
    emit statusChanged();
    if (!status_ || status_->version < 0) return;
    wantedVersion_ = std::max(wantedVersion_, status_->version);
    if (!reading_ && detailsVersion() < wantedVersion_) startRead();
}

void TableDetailsModel::startRead() {
    auto options = bridge_.engine().syncOptions(topic_.toStdString());
    if (!options) return;
    reading_ = true;
    s3Endpoint_ = options->s3 ? options->s3->endpoint : std::string();
    s3PathStyle_ = options->s3 && options->s3->pathStyle();
    const std::uint64_t generation = generation_;
    reader_.start([this, generation, options = std::move(*options)] {
        std::optional<lake::sync::TableDetails> details;
        QString error;
        try {
            const auto store = lake::storage::openObjectStore(
                lake::storage::LakeLocation::parse(options.tableLocation.string()), options.s3);
            details = lake::sync::readTableDetails(*store, "");
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(
            this,
            [this, generation, details = std::move(details), error]() mutable {
                finishRead(generation, std::move(details), error);
            },
            Qt::QueuedConnection);
    });
}

void TableDetailsModel::finishRead(std::uint64_t generation,
                                   std::optional<lake::sync::TableDetails> details,
                                   const QString& error) {
    if (generation != generation_) return;  // a read of the topic shown before
    reading_ = false;
    readError_ = error;
    if (details) {
        details_ = std::move(details);
        fillModels();
    } else {
        // Do not retry a failing read on every poll: only when the table moves on.
        wantedVersion_ = std::max(wantedVersion_, detailsVersion());
    }
    emit detailsChanged();
}

void TableDetailsModel::fillModels() {
    const QLocale locale;
    schema_->removeRows(0, schema_->rowCount());
    history_->removeRows(0, history_->rowCount());
    preview_->clear();
    if (!details_) return;
    for (const auto& f : details_->schema.fields())
        schema_->appendRow(
            {item(QString::fromStdString(f.name)),
             item(QString::fromUtf8(lake::delta::toString(f.type).data(),
                                    static_cast<qsizetype>(lake::delta::toString(f.type).size()))),
             item(f.nullable ? tr("yes") : tr("no"))});
    for (const auto& c : details_->history) {
        QString files;
        if (c.filesAdded > 0) files = tr("+%1").arg(c.filesAdded);
        if (c.filesRemoved > 0)
            files +=
                (files.isEmpty() ? QString() : QStringLiteral(" ")) + tr("−%1").arg(c.filesRemoved);
        const QString when = c.timestampMs ? QDateTime::fromMSecsSinceEpoch(*c.timestampMs)
                                                 .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                           : QStringLiteral("—");
        history_->appendRow(
            {item(QString::number(c.version), Qt::AlignRight), item(when),
             item(QString::fromStdString(c.operation)),
             item(locale.toString(static_cast<qlonglong>(c.rowsAdded)), Qt::AlignRight),
             item(files.isEmpty() ? QStringLiteral("—") : files, Qt::AlignRight)});
    }
    QStringList headers;
    for (const auto& f : details_->schema.fields())
        headers << QString::fromStdString(f.name);
    preview_->setHorizontalHeaderLabels(headers);
    const QBrush muted = QPalette().brush(QPalette::PlaceholderText);
    for (const auto& row : details_->preview) {
        QList<QStandardItem*> cells;
        for (const auto& f : details_->schema.fields()) {
            const auto it = row.find(f.name);
            const nlohmann::json value = it == row.end() ? nlohmann::json() : *it;
            const bool numeric = value.is_number() && f.type != DeltaType::Timestamp &&
                                 f.type != DeltaType::TimestampNtz && f.type != DeltaType::Date;
            auto* cell = item(cellText(value, f.type), numeric ? Qt::AlignRight : Qt::AlignLeft);
            if (value.is_null()) cell->setForeground(muted);
            if (value.is_number_integer() &&
                (f.type == DeltaType::Timestamp || f.type == DeltaType::TimestampNtz))
                cell->setToolTip(QString::number(value.get<std::int64_t>()));
            cells << cell;
        }
        preview_->appendRow(cells);
    }
}

QString TableDetailsModel::toolName(Tool tool) {
    switch (tool) {
        case Tool::DuckDb:
            return QStringLiteral("DuckDB");
        case Tool::Spark:
            return QStringLiteral("Spark (PySpark)");
        case Tool::DeltaRs:
            return QStringLiteral("delta-rs (Python)");
    }
    return {};
}

QString TableDetailsModel::snippet(Tool tool) const {
    if (!status_) return {};
    const QString location = QString::fromStdString(status_->location);
    const bool s3 = location.startsWith(QLatin1String("s3://"));
    const QString endpoint = QString::fromStdString(s3Endpoint_);
    const bool http = endpoint.startsWith(QLatin1String("http://"));
    QString hostPort = endpoint;
    hostPort.remove(QRegularExpression(QStringLiteral("^https?://")))
        .remove(QRegularExpression(QStringLiteral("/$")));
    switch (tool) {
        case Tool::DuckDb: {
            QString text = QStringLiteral("INSTALL delta; LOAD delta;\n");
            if (s3) {
                text += QStringLiteral(
                    "-- credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the "
                    "environment\nCREATE SECRET lake (TYPE s3, PROVIDER credential_chain, "
                    "CHAIN 'env'");
                if (!hostPort.isEmpty())
                    text +=
                        QStringLiteral(", ENDPOINT %1").arg(quoted(hostPort, QLatin1Char('\'')));
                if (s3PathStyle_) text += QStringLiteral(", URL_STYLE 'path'");
                if (http) text += QStringLiteral(", USE_SSL false");
                text += QStringLiteral(");\n");
            }
            text += QStringLiteral(
                        "SELECT * FROM delta_scan(%1)\nORDER BY _kafka_timestamp DESC LIMIT 20;\n")
                        .arg(quoted(location, QLatin1Char('\'')));
            return text;
        }
        case Tool::Spark: {
            QString packages = QStringLiteral("io.delta:delta-spark_2.12:3.2.0");
            if (s3) packages += QStringLiteral(",org.apache.hadoop:hadoop-aws:3.3.4");
            QString text = QStringLiteral(
                               "# pyspark (3.5); credentials from AWS_ACCESS_KEY_ID / "
                               "AWS_SECRET_ACCESS_KEY in the environment\n"
                               "from pyspark.sql import SparkSession\n"
                               "spark = (SparkSession.builder\n"
                               "    .config(\"spark.jars.packages\", \"%1\")\n"
                               "    .config(\"spark.sql.extensions\", "
                               "\"io.delta.sql.DeltaSparkSessionExtension\")\n"
                               "    .config(\"spark.sql.catalog.spark_catalog\", "
                               "\"org.apache.spark.sql.delta.catalog.DeltaCatalog\")\n")
                               .arg(packages);
            QString path = location;
            if (s3) {
                path.replace(0, 5, QStringLiteral("s3a://"));
                text += QStringLiteral(
                    "    .config(\"spark.hadoop.fs.s3a.aws.credentials.provider\", "
                    "\"com.amazonaws.auth.EnvironmentVariableCredentialsProvider\")\n");
                if (!endpoint.isEmpty())
                    text += QStringLiteral("    .config(\"spark.hadoop.fs.s3a.endpoint\", %1)\n")
                                .arg(quoted(endpoint, QLatin1Char('"')));
                if (s3PathStyle_)
                    text += QStringLiteral(
                        "    .config(\"spark.hadoop.fs.s3a.path.style.access\", \"true\")\n");
            }
            text += QStringLiteral(
                        "    .getOrCreate())\n"
                        "df = spark.read.format(\"delta\").load(%1)\n"
                        "df.orderBy(df._kafka_timestamp.desc()).show(20, truncate=False)\n")
                        .arg(quoted(path, QLatin1Char('"')));
            return text;
        }
        case Tool::DeltaRs: {
            QString text = QStringLiteral("from deltalake import DeltaTable\n");
            QString options;
            if (s3) {
                text = QStringLiteral("import os\n") + text;
                options = QStringLiteral(
                    ", storage_options={\n"
                    "    \"AWS_ACCESS_KEY_ID\": os.environ[\"AWS_ACCESS_KEY_ID\"],\n"
                    "    \"AWS_SECRET_ACCESS_KEY\": os.environ[\"AWS_SECRET_ACCESS_KEY\"],\n");
                if (!endpoint.isEmpty())
                    options += QStringLiteral("    \"AWS_ENDPOINT_URL\": %1,\n")
                                   .arg(quoted(endpoint, QLatin1Char('"')));
                if (http) options += QStringLiteral("    \"AWS_ALLOW_HTTP\": \"true\",\n");
                options += QStringLiteral("}");
            }
            text += QStringLiteral(
                        "dt = DeltaTable(%1%2)\n"
                        "print(dt.version(), dt.schema())\n"
                        "newest = dt.to_pyarrow_table().sort_by([(\"_kafka_timestamp\", "
                        "\"descending\")])\n"
                        "print(newest.slice(0, 20).to_pylist())\n")
                        .arg(quoted(location, QLatin1Char('"')), options);
            return text;
        }
    }
    return {};
}

QString TableDetailsModel::stateText(const lake::sync::SyncStatus& s) {
    return SyncStatusModel::stateText(s.state);
}

QString TableDetailsModel::freshnessText(const lake::sync::SyncStatus& s) {
    if (!s.freshnessP50Ms)
        return tr("— (nothing produced since the sync started is in the table yet)");
    return tr("p50 %1 · p95 %2")
        .arg(milliseconds(*s.freshnessP50Ms),
             milliseconds(s.freshnessP95Ms.value_or(*s.freshnessP50Ms)));
}

QString TableDetailsModel::maintenanceText(const lake::sync::SyncStatus& s) {
    if (!s.lastMaintenance) return tr("none yet (compaction runs once 32 small files gather)");
    const auto& m = *s.lastMaintenance;
    QString text = QString::fromStdString(m.summary());
    if (!m.error.empty()) text += tr(" — failed: %1").arg(QString::fromStdString(m.error));
    return text;
}

QString TableDetailsModel::bytesText(std::int64_t bytes) {
    return byteText(static_cast<double>(bytes));
}

}  // namespace riverdelta::models
