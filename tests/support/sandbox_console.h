#pragma once

#include <QCoreApplication>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStringList>
#include <QTemporaryDir>
#include <QtTest>
#include <chrono>
#include <filesystem>
#include <functional>

#include "engine/engine.h"
#include "models/engine_bridge.h"
#include "models/pipeline_model.h"
#include "ui/main_window.h"
#include "ui/pipeline_view.h"
#include "ui/service_card.h"

namespace riverdelta::testing {

// Points QSettings at a throwaway folder for as long as it lives, so window state and the last
// scenario never touch the user's settings. One per test case: its windows share it.
class ThrowawaySettings {
  public:
    explicit ThrowawaySettings(const QString& application = {}) {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir_.path());
        QCoreApplication::setOrganizationName(QStringLiteral("riverdelta-test"));
        if (!application.isEmpty()) QCoreApplication::setApplicationName(application);
    }

  private:
    QTemporaryDir dir_;
};

struct SandboxConsoleOptions {
    bool startSandbox = true;
    // Runs on the empty data directory before the engine starts, e.g. to leave state there that
    // the sandbox will find.
    std::function<void(const std::filesystem::path& dataDirectory)> prepare;
};

// The console as the app opens it: an Engine on a throwaway data directory (with the local
// sandbox unless told otherwise), its EngineBridge and the MainWindow, not yet shown.
class SandboxConsole {
  public:
    using Options = SandboxConsoleOptions;

    explicit SandboxConsole(Options options = {})
        : engine_(engineOptions(dir_, options)), bridge_(engine_), window_(bridge_) {}

    SandboxConsole(const SandboxConsole&) = delete;
    SandboxConsole& operator=(const SandboxConsole&) = delete;

    [[nodiscard]] Engine& engine() { return engine_; }
    [[nodiscard]] ui::MainWindow& window() { return window_; }
    [[nodiscard]] QString filePath(const QString& name) const { return dir_.filePath(name); }

    [[nodiscard]] bool show() {
        window_.show();
        return QTest::qWaitForWindowExposed(&window_);
    }

    // Waits until both service cards say the sandbox's Kafka and PostgreSQL are connected (the
    // Start buttons need both). False after the timeout; services() says how far they got.
    [[nodiscard]] bool waitUntilConnected(std::chrono::milliseconds timeout = kStartTimeout) {
        return QTest::qWaitFor(
            [this] {
                return window_.kafkaCard()->stateText() == QLatin1String("connected") &&
                       window_.postgresCard()->stateText() == QLatin1String("connected");
            },
            int(timeout.count()));
    }

    [[nodiscard]] QString services() const {
        return QStringLiteral("Kafka %1, PostgreSQL %2")
            .arg(window_.kafkaCard()->stateText(), window_.postgresCard()->stateText());
    }

    [[nodiscard]] QString state(const QString& generator) const {
        return row(generator).data(models::PipelineModel::StateTextRole).toString();
    }

    // Why a generator waits, is paused or failed ("stopping" until a stopped one has halted).
    [[nodiscard]] QString reason(const QString& generator) const {
        return row(generator).data(models::PipelineModel::ReasonRole).toString();
    }

    [[nodiscard]] quint64 acknowledged(const QString& generator) const {
        return row(generator).data(models::PipelineModel::AcknowledgedRole).toULongLong();
    }

    // Clicks Start on each bounded generator, then waits for each in turn to be done with its
    // bar full. False at the first that is not done within the timeout; progress() says where
    // each one stopped.
    [[nodiscard]] bool runToEnd(const QStringList& generators,
                                std::chrono::milliseconds timeout = kStartTimeout) {
        ui::PipelineView* pipeline = window_.pipeline();
        for (const QString& g : generators) {
            QPushButton* start = pipeline->startButton(g);
            if (!start || !start->isEnabled()) return false;
            QTest::mouseClick(start, Qt::LeftButton);
        }
        for (const QString& g : generators) {
            const QProgressBar* bar = pipeline->progressBar(g);
            const bool done = QTest::qWaitFor(
                [&] { return bar->value() == bar->maximum() && state(g) == QLatin1String("done"); },
                int(timeout.count()));
            if (!done) return false;
        }
        return true;
    }

    [[nodiscard]] QString progress(const QStringList& generators) const {
        QStringList rows;
        for (const QString& g : generators)
            rows << QStringLiteral("%1: %2, %3 acknowledged").arg(g, state(g)).arg(acknowledged(g));
        return rows.join(QStringLiteral("; "));
    }

  private:
    // The sandbox's first start runs initdb, slow on a busy machine.
    static constexpr std::chrono::milliseconds kStartTimeout{120000};

    static EngineOptions engineOptions(const QTemporaryDir& dir, const Options& options) {
        const std::filesystem::path data = dir.path().toStdString();
        if (options.prepare) options.prepare(data);
        return {.dataDirectory = data, .startSandbox = options.startSandbox};
    }

    [[nodiscard]] QModelIndex row(const QString& generator) const {
        const models::PipelineModel* model = window_.pipelineModel();
        return model->index(model->rowOf(generator));
    }

    QTemporaryDir dir_;
    Engine engine_;
    models::EngineBridge bridge_;
    ui::MainWindow window_;
};

}  // namespace riverdelta::testing
