#pragma once

// Runs a checker script from tests/integration/python with the Python named by
// RIVERDELTA_TEST_PYTHON (a venv with pyarrow, duckdb and deltalake). The tests fail, not
// skip, when the variable is unset.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <nlohmann/json.hpp>
#include <string>

namespace riverdelta::tests {

struct PythonRun {
    bool started = false;
    int exitCode = -1;
    QString out;
    QString err;
};

inline QString testPython() {
    return qEnvironmentVariable("RIVERDELTA_TEST_PYTHON");
}

inline PythonRun runPythonCheck(const QString& script, const QStringList& args,
                                int timeoutMs = 600'000) {
    PythonRun run;
    QProcess p;
    const QString scriptPath =
        QStringLiteral(RIVERDELTA_SOURCE_DIR "/tests/integration/python/") + script;
    p.start(testPython(), QStringList{scriptPath} + args);
    run.started = p.waitForStarted(30'000);
    if (!run.started) return run;
    p.waitForFinished(timeoutMs);
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = QString::fromUtf8(p.readAllStandardOutput());
    run.err = QString::fromUtf8(p.readAllStandardError());
    return run;
}

inline void writeJsonFile(const QString& path, const nlohmann::json& j) {
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        f.write(QByteArray::fromStdString(j.dump()));
    }
}

// A fresh directory under the test-artifacts folder.
inline QString freshArtifactDir(const QString& name) {
    QDir dir(QStringLiteral(RIVERDELTA_TEST_ARTIFACTS "/") + name);
    dir.removeRecursively();
    QDir().mkpath(dir.path());
    return dir.path();
}

}  // namespace riverdelta::tests

#define RD_REQUIRE_PYTHON()                                                                      \
    QVERIFY2(!riverdelta::tests::testPython().isEmpty(),                                         \
             "RIVERDELTA_TEST_PYTHON is not set: point it at a Python with pyarrow, duckdb and " \
             "deltalake (see tests/integration/python/requirements.txt)")

#define RD_VERIFY_PYTHON_RUN(run)                                          \
    do {                                                                   \
        QVERIFY2((run).started, "could not start RIVERDELTA_TEST_PYTHON"); \
        QVERIFY2((run).exitCode == 0, qPrintable((run).err + (run).out));  \
    } while (false)
