#pragma once

#include <QAbstractListModel>
#include <QStringList>
#include <optional>
#include <vector>

#include "engine/run/scenario_status.h"
#include "models/windowed_rate.h"

namespace riverdelta::models {

class EngineBridge;

// The scenario's generators (one row each, scenario order) from the engine's snapshots, with
// the stages they belong to. Refreshes on every poll: progress moves without a version bump.
class PipelineModel : public QAbstractListModel {
    Q_OBJECT
  public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        StageRole,       // int, index into stages()
        StageNameRole,   // "Seed", ...
        TargetRole,      // topic or schema.table
        TargetKindRole,  // "topic" or "table"
        StateRole,       // run::StreamState as int
        StateTextRole,   // "waiting", "running", ...
        ReasonRole,      // why it waits, is paused or failed
        StartedRole,     // bool: the user started it
        AcknowledgedRole,
        GeneratedRole,
        MaxEventsRole,  // qulonglong, or invalid when unbounded
        RateRole,       // double, acknowledged events per second over a window that fits
                        // the stream (WindowedRate); 0 unless it runs
        ProgressRole,   // double 0..1 when bounded, invalid otherwise
        UnmatchedRole,  // qulonglong: updates/deletes whose `where` matched no row
        UncappedRole,   // bool: Continuous lifted its maxEvents
    };

    // One change data capture (a PostgreSQL connection's tables into Kafka) as the pipeline
    // shows it, beside the generators.
    struct CaptureRow {
        QString tables;  // "cdc.customer, cdc.hotel"
        QString topics;
        run::StreamState state = run::StreamState::Waiting;  // Running: snapshot or streaming
        QString stateText;                                   // "streaming", "snapshot", ...
        QString reason;                                      // lag, progress, why it waits
        bool started = false;                                // the user started it
        qulonglong events = 0;                               // acknowledged by Kafka
        double rate = 0;                                     // events per second (windowed)
        std::optional<double> snapshotProgress;              // 0..1 while snapshotting
        bool caughtUp = false;                               // streaming with no lag
        // What the running capture waits on ("Kafka …: broker unreachable for 12 s …"); it is
        // the reason then, in place of progress or lag.
        QString waitingFor;
    };

    explicit PipelineModel(EngineBridge& bridge, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] const QStringList& stages() const { return stages_; }
    [[nodiscard]] const run::ScenarioStatus& scenario() const { return scenario_; }
    [[nodiscard]] int rowOf(const QString& generator) const;
    [[nodiscard]] std::vector<CaptureRow> captureRows() const;

  signals:
    // The change data capture rows moved (state, counters, rate).
    void capturesChanged();
    // The scenario changed shape (another file, other generators or stages): rebuild views.
    void scenarioReloaded();
    // Name, file, problems, speed or run state changed.
    void scenarioInfoChanged();

  public slots:
    // Forgets the rates' history (a new run): they start from the next reading.
    void resetRates();
    void refresh();

  private:
    EngineBridge& bridge_;
    run::ScenarioStatus scenario_;
    QStringList stages_;
    // Per generator and per capture: the windowed rate and what it read at the last refresh.
    std::vector<WindowedRate> rateWindows_, captureWindows_;
    std::vector<double> rates_, captureRates_;
};

}  // namespace riverdelta::models
