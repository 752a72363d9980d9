#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QSettings>
#include <QStandardPaths>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "app/gui/termination_signals.h"
#include "app/secrets/keychain_secret_store.h"
#include "engine/engine.h"
#include "engine/profiles/profile_connections.h"
#include "engine/profiles/profile_store.h"
#include "models/engine_bridge.h"
#include "riverdelta/version.h"
#include "ui/connection_chooser.h"
#include "ui/first_run_guide.h"
#include "ui/main_window.h"

namespace {

// Without a display Qt aborts with a terse xcb message; say what to do instead.
bool displayAvailable() {
    auto set = [](const char* name) {
        const char* v = std::getenv(name);
        return v && *v;
    };
    return set("DISPLAY") || set("WAYLAND_DISPLAY") || set("QT_QPA_PLATFORM");
}

}  // namespace

int main(int argc, char** argv) {
    if (!displayAvailable()) {
        // Name the CLI beside this binary: after scripts/run.sh it is not on PATH.
        std::error_code ec;
        const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
        const std::string cli =
            ec ? std::string("riverdelta-cli") : (self.parent_path() / "riverdelta-cli").string();
        const std::string gui = ec ? std::string("riverdelta") : self.string();
        std::fprintf(stderr,
                     "riverdelta: no display found (DISPLAY and WAYLAND_DISPLAY are unset).\n"
                     "Run headless instead:\n"
                     "  %s sandbox     start the local sandbox and print its endpoints\n"
                     "  %s --help      all headless commands\n"
                     "or render offscreen: QT_QPA_PLATFORM=offscreen %s\n",
                     cli.c_str(), cli.c_str(), gui.c_str());
        return 2;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("riverdelta"));
    QApplication::setApplicationDisplayName(QStringLiteral("Riverdelta"));
    QApplication::setApplicationVersion(QString::fromUtf8(riverdelta::kVersion));
    // Matches packaging/io.riverdelta.Riverdelta.desktop (Wayland app id, taskbar icon).
    QGuiApplication::setDesktopFileName(QStringLiteral("io.riverdelta.Riverdelta"));
    QIcon icon;
    for (int size : {48, 128, 256})
        icon.addFile(QStringLiteral(":/icons/io.riverdelta.Riverdelta-%1.png").arg(size),
                     QSize(size, size));
    QApplication::setWindowIcon(icon);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("River Hotels streaming workshop console"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("CONFIG"),
        QStringLiteral(
            "a ShadowTraffic-format scenario (or builtin:river-hotels); default: the last "
            "one opened, else the built-in River Hotels scenario"),
        QStringLiteral("[CONFIG]"));
    const QCommandLineOption start(
        QStringLiteral("start"), QStringLiteral("start every stream as soon as the sandbox is up"));
    parser.addOption(start);
    parser.process(app);
    if (parser.positionalArguments().size() > 1) parser.showHelp(2);

    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const auto profileDir = riverdelta::profiles::ProfileStore::defaultDirectory();
    auto secretStore = riverdelta::secrets::openSecretStore(profileDir);
    riverdelta::profiles::ProfileStore profiles(
        profileDir / riverdelta::profiles::ProfileStore::kProfilesFile, *secretStore.store);
    // The connection chosen last time; the sandbox when there is none or it cannot be used.
    riverdelta::ServiceConnections connection;
    std::string connectionProblem;
    try {
        connection = riverdelta::profiles::resolveConnection(
            profiles, riverdelta::ui::ConnectionChooser::savedChoice());
    } catch (const std::exception& e) {
        connectionProblem = e.what();
    }
    riverdelta::Engine engine({.dataDirectory = dataDir.toStdString(),
                               .startSandbox = true,
                               .connection = std::move(connection)});
    if (!connectionProblem.empty())
        engine.log().write(riverdelta::core::LogLevel::Error, "connection",
                           "the connection chosen last time cannot be used (" + connectionProblem +
                               "); working against the local sandbox: choose another in "
                               "Connections");
    riverdelta::models::EngineBridge bridge(engine);
    if (!secretStore.warning.empty())
        engine.log().write(riverdelta::core::LogLevel::Warning, "profiles", secretStore.warning);
    riverdelta::ui::MainWindow window(bridge);
    window.setWindowIcon(icon);
    window.addConnections(profiles);
    const QStringList args = parser.positionalArguments();
    window.openScenario(args.isEmpty() ? riverdelta::ui::MainWindow::lastScenario() : args.front());
    // Commands run in order on the engine's worker, after the sandbox has started.
    if (parser.isSet(start)) window.startAll();
    TerminationSignals quitOnSignal;
    window.show();
    // ~/.config/riverdelta/riverdelta.conf; without it this is the first start.
    QSettings settings(QStringLiteral("riverdelta"), QStringLiteral("riverdelta"));
    if (auto* guide = riverdelta::ui::FirstRunGuide::showOnFirstRun(&window, settings))
        guide->findTargets(&window);
    return QApplication::exec();
}
