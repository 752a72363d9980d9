// When the local sandbox cannot start as it is, the window still opens and says what to install
// or change (the missing server binaries case is in test_main_window).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QLabel>
#include <QtTest>
#include <filesystem>
#include <fstream>

#include "support/sandbox_console.h"
#include "support/screenshot.h"
#include "ui/main_window.h"
#include "ui/service_card.h"

using namespace riverdelta;

namespace {
// A listening socket on 127.0.0.1 standing for another program that holds a port.
class PortHolder {
  public:
    PortHolder() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
            ::listen(fd_, 4) == 0 &&
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
            port_ = ntohs(addr.sin_port);
    }
    PortHolder(const PortHolder&) = delete;
    PortHolder& operator=(const PortHolder&) = delete;
    ~PortHolder() {
        if (fd_ >= 0) ::close(fd_);
    }
    [[nodiscard]] int port() const { return port_; }

  private:
    int fd_;
    int port_ = 0;
};
}  // namespace

class SandboxFailuresTest : public QObject {
    Q_OBJECT
  private slots:
    void rootWithoutAServerAccountSaysWhatToDo() {
        if (::geteuid() != 0) QSKIP("only as root does the server run under another account");
        qputenv("RIVERDELTA_PG_SERVER_USER", "riverdelta-no-such-account");
        testing::SandboxConsole console;
        ui::MainWindow& window = console.window();
        QVERIFY(console.show());
        QTRY_COMPARE_WITH_TIMEOUT(window.postgresCard()->stateText(), QStringLiteral("failed"),
                                  60000);
        qunsetenv("RIVERDELTA_PG_SERVER_USER");
        auto* error = window.postgresCard()->findChild<QLabel*>(QStringLiteral("error"));
        QVERIFY(error && error->isVisible());
        const QString text = error->text();
        QVERIFY2(text.contains(QStringLiteral("runs as root")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("as a normal user")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("sudo apt-get install postgresql")),
                 qPrintable(text));
        // Kafka does not depend on it.
        QTRY_COMPARE_WITH_TIMEOUT(window.kafkaCard()->stateText(), QStringLiteral("connected"),
                                  60000);
        RD_SCREENSHOT(&window, "main-window-root-without-postgres-user");
    }

    void portInUseMovesToAFreePort() {
        // Another program holds the port the sandbox used last time.
        PortHolder other;
        QVERIFY(other.port() > 0);
        const int taken = other.port();
        testing::SandboxConsole console({.prepare = [taken](const std::filesystem::path& data) {
            const auto sandboxDir = data / "sandbox" / "postgres";
            std::filesystem::create_directories(sandboxDir);
            std::ofstream(sandboxDir / "port") << taken << "\n";
        }});
        ui::MainWindow& window = console.window();
        QVERIFY(console.show());
        QTRY_VERIFY_WITH_TIMEOUT(window.postgresCard()->stateText() != QStringLiteral("starting"),
                                 120000);
        auto* error = window.postgresCard()->findChild<QLabel*>(QStringLiteral("error"));
        QVERIFY2(window.postgresCard()->stateText() == QStringLiteral("connected"),
                 qPrintable(error->text()));
        auto* endpoint = window.postgresCard()->findChild<QLabel*>(QStringLiteral("endpoint"));
        QVERIFY(endpoint);
        QVERIFY2(endpoint->text().contains(QStringLiteral("127.0.0.1:")) &&
                     !endpoint->text().contains(QStringLiteral(":%1/").arg(taken)),
                 qPrintable(endpoint->text()));
    }
};

QTEST_MAIN(SandboxFailuresTest)
#include "test_sandbox_failures.moc"
