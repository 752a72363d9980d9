#pragma once

// Runs a checker script from tests/integration/python with the Python named by
// RIVERDELTA_TEST_PYTHON (a venv with pyarrow, duckdb and deltalake). The tests fail, not
// skip, when the variable is unset.
#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>
#include <nlohmann/json.hpp>
#include <string>

#include "support/run_process.h"

namespace riverdelta::tests {

inline QString testPython() {
    return qEnvironmentVariable("RIVERDELTA_TEST_PYTHON");
}

inline testing::ProcessResult runPythonCheck(const QString& script, const QStringList& args,
                                             int timeoutMs = 600'000) {
    const QString scriptPath =
        QStringLiteral(RIVERDELTA_SOURCE_DIR "/tests/integration/python/") + script;
    return testing::runProcess(testPython(), QStringList{scriptPath} + args,
                               {.timeoutMs = timeoutMs});
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

// A Python that does not start says so in err.
#define RD_VERIFY_PYTHON_RUN(run) QVERIFY2((run).exitCode == 0, qPrintable((run).err + (run).out))
