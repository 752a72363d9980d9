#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace riverdelta::testing {

struct ProcessResult {
    int exitCode = -1;  // -1 when it did not start, crashed or was killed at the timeout
    QString out;
    QString err;  // or why it did not start
    qint64 ms = 0;
    [[nodiscard]] QString all() const { return out + err; }
};

struct ProcessOptions {
    int timeoutMs = 60'000;  // then the child is killed
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QByteArray input;  // for stdin, which is closed either way so no child waits on it
};

// Runs a child to its end and captures stdout and stderr apart (core::runProcess interleaves
// them; tests parse stdout).
inline ProcessResult runProcess(const QString& program, const QStringList& args,
                                const ProcessOptions& options = {}) {
    QProcess p;
    p.setProcessEnvironment(options.environment);
    QElapsedTimer timer;
    timer.start();
    p.start(program, args);
    if (!p.waitForStarted()) return {-1, {}, program + ": " + p.errorString(), timer.elapsed()};
    p.write(options.input);
    p.closeWriteChannel();
    if (!p.waitForFinished(options.timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError()), timer.elapsed()};
}

}  // namespace riverdelta::testing
