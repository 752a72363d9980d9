// UI responsiveness while the engine generates at full speed into the local sandbox.
//
// Runs the real console (MainWindow with its pipeline, chart and 10 Hz snapshot polling; the
// offscreen platform when there is no display) and measures the UI thread's event-loop latency
// two ways: how late a 10 ms precise timer fires, and how long an event posted from another
// thread every 20 ms waits before the UI thread runs it. First with the engine idle (baseline),
// then while a scenario of unthrottled, unbounded streams writes into the sandbox's Kafka.
// Also reports the process RSS over the loaded run (growth = end - start of the loaded phase).
// Then, still loaded, each of the console's live views in turn for S seconds: the message
// browser tailing the busiest topic, the projector view, and a lake sync's table page (for T
// seconds from the sync's start: its table grows by a commit of up to a million rows every few
// seconds, and the page reads each new version).
//
//   bench_ui_latency [--minutes M] [--baseline-seconds S] [--view-seconds S]
//                    [--table-seconds T (45)] [--data-dir DIR]

#include <unistd.h>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/thread_cpu_timer.h"
#include "engine/engine.h"
#include "models/engine_bridge.h"
#include "ui/main_window.h"
#include "ui/message_browser.h"
#include "ui/table_page.h"

using namespace riverdelta;
using Clock = std::chrono::steady_clock;

namespace {

// Two streams with no throttle and no maxEvents: as fast as the engine can generate and Kafka
// acknowledge.
const char* const kScenario = R"json({
  "generators": [
    {
      "name": "clicks",
      "topic": "bench_clicks",
      "key": { "_gen": "uuid" },
      "value": {
        "id": { "_gen": "uuid" },
        "hotel": { "_gen": "uniformDistribution", "bounds": [1, 30], "decimals": 0 },
        "action": { "_gen": "weightedOneOf", "choices": [
          { "weight": 5, "value": "page-view" }, { "weight": 3, "value": "page-click" },
          { "weight": 2, "value": "booking-click" } ] },
        "duration": { "_gen": "normalDistribution", "mean": 180, "sd": 30, "decimals": 0 },
        "at": { "_gen": "now" }
      }
    },
    {
      "name": "bookings",
      "topic": "bench_bookings",
      "key": { "_gen": "sequentialString", "startingFrom": 1, "expr": "B~d" },
      "value": {
        "guest": { "_gen": "string", "expr": "#{Name.fullName}" },
        "nights": { "_gen": "uniformDistribution", "bounds": [1, 14], "decimals": 0 },
        "price": { "_gen": "uniformDistribution", "bounds": [60, 900], "decimals": 2 }
      }
    }
  ]
})json";

double rssMiB() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) /
           (1024.0 * 1024.0);
}

struct Latencies {
    std::vector<double> timerLateMs;  // how late each 10 ms timer tick fired
    std::vector<double> postedMs;     // posted from another thread → run on the UI thread
    double uiCpuSeconds = 0;          // CPU time the UI thread used
    double wallSeconds = 0;
    double worstAtSeconds = 0;  // when the latest timer tick fired, from the phase's start
    double loadAverage = 0;     // the machine's 1-minute load average at the end (shared cores)
};

double loadAverage() {
    std::ifstream f("/proc/loadavg");
    double one = 0;
    f >> one;
    return one;
}

// Runs the application's event loop (blocking when idle, as in the app) for `ms`.
void runFor(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

// Runs the event loop for `seconds` while measuring.
Latencies measure(QApplication& app, double seconds) {
    Latencies out;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(10);
    auto last = Clock::now();
    auto start = last;
    double worst = -1;
    QObject::connect(&timer, &QTimer::timeout, [&] {
        const auto now = Clock::now();
        const double late =
            std::max(0.0, std::chrono::duration<double, std::milli>(now - last).count() - 10.0);
        out.timerLateMs.push_back(late);
        if (late > worst) {
            worst = late;
            out.worstAtSeconds = std::chrono::duration<double>(now - start).count();
        }
        last = now;
    });
    QObject receiver;
    std::atomic<bool> running{true};
    std::thread poster([&] {
        while (running) {
            const auto sent = Clock::now();
            QMetaObject::invokeMethod(
                &receiver,
                [&out, sent] {
                    out.postedMs.push_back(
                        std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
                },
                Qt::QueuedConnection);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    last = start = Clock::now();
    timer.start();
    const ThreadCpuTimer cpu;
    QElapsedTimer elapsed;
    elapsed.start();
    runFor(static_cast<int>(seconds * 1000));
    timer.stop();
    out.uiCpuSeconds = cpu.seconds();
    out.wallSeconds = static_cast<double>(elapsed.elapsed()) / 1000.0;
    out.loadAverage = loadAverage();
    running = false;
    poster.join();
    app.processEvents();  // run what the poster sent last
    return out;
}

void printLatencies(const char* phase, const Latencies& l) {
    std::printf(
        "%-9s timer lateness  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (%zu ticks; max at "
        "%.0f s)\n",
        phase, percentile(l.timerLateMs, 0.5), percentile(l.timerLateMs, 0.99),
        percentile(l.timerLateMs, 1.0), l.timerLateMs.size(), l.worstAtSeconds);
    std::printf("%-9s posted event    p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (%zu events)\n",
                phase, percentile(l.postedMs, 0.5), percentile(l.postedMs, 0.99),
                percentile(l.postedMs, 1.0), l.postedMs.size());
    std::printf(
        "%-9s UI thread busy %.1f%% of the time (%.2f CPU-s in %.0f s); machine load average "
        "%.1f\n",
        phase, 100.0 * l.uiCpuSeconds / l.wallSeconds, l.uiCpuSeconds, l.wallSeconds,
        l.loadAverage);
}

std::uint64_t totalAcked(const Engine& engine) {
    std::uint64_t n = 0;
    for (const auto& g : engine.snapshot().scenario.generators)
        n += g.acknowledged;
    return n;
}

}  // namespace

int main(int argc, char** argv) {
    double minutes = 0.5, baselineSeconds = 10, viewSeconds = 10, tableSeconds = 45;
    QString dataDir;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--minutes" && i + 1 < argc)
            minutes = std::atof(argv[++i]);
        else if (a == "--baseline-seconds" && i + 1 < argc)
            baselineSeconds = std::atof(argv[++i]);
        else if (a == "--view-seconds" && i + 1 < argc)
            viewSeconds = std::atof(argv[++i]);
        else if (a == "--table-seconds" && i + 1 < argc)
            tableSeconds = std::atof(argv[++i]);
        else if (a == "--data-dir" && i + 1 < argc)
            dataDir = QString::fromLocal8Bit(argv[++i]);
        else {
            std::fprintf(
                stderr,
                "usage: bench_ui_latency [--minutes M] [--baseline-seconds S] [--view-seconds S] "
                "[--table-seconds S] [--data-dir DIR]\n");
            return 2;
        }
    }
    if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY") &&
        !std::getenv("QT_QPA_PLATFORM"))
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
    QApplication app(argc, argv);
    QTemporaryDir tmp;
    if (dataDir.isEmpty()) dataDir = tmp.path();
    const QString scenarioPath = tmp.filePath(QStringLiteral("bench-scenario.json"));
    {
        std::ofstream f(scenarioPath.toStdString());
        f << kScenario;
    }
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, tmp.path());

    Engine engine({.dataDirectory = dataDir.toStdString(), .startSandbox = true});
    models::EngineBridge bridge(engine);
    ui::MainWindow window(bridge);
    window.openScenario(scenarioPath);
    window.show();
    std::printf("platform %s; waiting for the sandbox...\n",
                qPrintable(QGuiApplication::platformName()));
    QElapsedTimer wait;
    wait.start();
    while (wait.elapsed() < 180000) {
        runFor(100);
        const auto s = engine.snapshot();
        if (s.kafka.state == ServiceState::Connected &&
            s.postgres.state == ServiceState::Connected && s.scenario.loaded)
            break;
        if (s.kafka.state == ServiceState::Failed) {
            std::fprintf(stderr, "sandbox Kafka failed: %s\n", s.kafka.error.c_str());
            return 1;
        }
    }
    if (!engine.snapshot().scenario.loaded) {
        std::fprintf(stderr, "the bench scenario did not load\n");
        return 1;
    }

    // Let the first layouts and paints settle before measuring.
    runFor(3000);
    std::printf("baseline: engine idle for %.0f s\n", baselineSeconds);
    const Latencies idle = measure(app, baselineSeconds);

    window.setSpeed(1000);
    window.startAll();
    // Let the run open its producer before measuring.
    runFor(3000);
    const double rssStart = rssMiB();
    const auto ackedStart = totalAcked(engine);
    const auto t0 = Clock::now();
    std::printf("loaded: engine generating at full speed for %.1f min (RSS at start %.1f MiB)\n",
                minutes, rssStart);
    Latencies loaded;
    double rssPeak = rssStart;
    const double total = minutes * 60;
    const double slice = std::min(30.0, total);
    for (double done = 0; done < total; done += slice) {
        Latencies part = measure(app, std::min(slice, total - done));
        if (percentile(part.timerLateMs, 1.0) > percentile(loaded.timerLateMs, 1.0))
            loaded.worstAtSeconds = done + part.worstAtSeconds;
        loaded.loadAverage = part.loadAverage;
        loaded.timerLateMs.insert(loaded.timerLateMs.end(), part.timerLateMs.begin(),
                                  part.timerLateMs.end());
        loaded.postedMs.insert(loaded.postedMs.end(), part.postedMs.begin(), part.postedMs.end());
        loaded.uiCpuSeconds += part.uiCpuSeconds;
        loaded.wallSeconds += part.wallSeconds;
        rssPeak = std::max(rssPeak, rssMiB());
        const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
        std::printf("  %6.0f s: %.0f events/s acknowledged so far, RSS %.1f MiB\n", secs,
                    static_cast<double>(totalAcked(engine) - ackedStart) / secs, rssMiB());
        std::fflush(stdout);
    }
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    const auto events = totalAcked(engine) - ackedStart;
    const double rssEnd = rssMiB();

    // The live views, one at a time, while the engine keeps generating.
    struct ViewPhase {
        const char* name;
        Latencies latencies;
    };
    std::vector<ViewPhase> views;
    const auto measureView = [&](const char* name, double seconds, const auto& open) {
        open();
        runFor(2000);  // the view's first read and layout
        std::printf("view: %s for %.0f s\n", name, seconds);
        std::fflush(stdout);
        views.push_back({name, measure(app, seconds)});
    };
    measureView("browser", viewSeconds, [&] {
        window.showPanel(ui::MainWindow::Panel::Topics);
        window.findChild<ui::MessageBrowser*>()->setTopic(QStringLiteral("bench_clicks"));
    });
    measureView("projector", viewSeconds, [&] { window.setProjectorMode(true); });
    window.setProjectorMode(false);
    measureView("table", tableSeconds, [&] {
        engine.post(command::EnableSync{.topic = "bench_bookings"});
        window.showPanel(ui::MainWindow::Panel::LakeSync);
        window.findChild<ui::TablePage*>()->setTopic(QStringLiteral("bench_bookings"));
    });
    window.stopAll();
    const auto s = engine.snapshot().scenario;

    std::printf("\n");
    printLatencies("idle", idle);
    printLatencies("loaded", loaded);
    std::printf("engine   %llu events acknowledged in %.0f s (%.0f events/s), run state %s%s%s\n",
                static_cast<unsigned long long>(events), secs, static_cast<double>(events) / secs,
                run::toString(s.runState), s.runError.empty() ? "" : ": ", s.runError.c_str());
    std::printf(
        "memory   RSS %.1f MiB at start of load, %.1f MiB at end, peak %.1f MiB: growth %+.1f "
        "MiB\n",
        rssStart, rssEnd, rssPeak, rssEnd - rssStart);
    for (const auto& v : views)
        printLatencies(v.name, v.latencies);
    double p99 = std::max(percentile(loaded.timerLateMs, 0.99), percentile(loaded.postedMs, 0.99));
    for (const auto& v : views)
        p99 = std::max({p99, percentile(v.latencies.timerLateMs, 0.99),
                        percentile(v.latencies.postedMs, 0.99)});
    std::printf("target   UI p99 < 50 ms under load, every view: %s (worst %.2f ms)\n",
                p99 < 50 ? "met" : "MISSED", p99);
    window.close();
    return p99 < 50 ? 0 : 1;
}
