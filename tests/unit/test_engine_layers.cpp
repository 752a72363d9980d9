// The engine's layer check (engine/check_layers.cmake, engine/engine_layers.cmake) is what
// makes an upward include a build error; these cases run it the way the build does, on small
// engine trees written here, so the check cannot rot into one that always passes.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kSource = QStringLiteral(RIVERDELTA_SOURCE_DIR);
const QString kScript = kSource + QStringLiteral("/engine/check_layers.cmake");
// base (folders base, util) <- mid <- top; top uses mid only.
const QString kSpec = QStringLiteral("base:base,util:|mid:mid:base|top:top:mid");

struct Outcome {
    int exitCode = -1;
    QString output;
};

Outcome runCmake(const QStringList& arguments) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(RIVERDELTA_CMAKE_COMMAND), arguments);
    if (!process.waitForFinished(120'000) || process.exitStatus() != QProcess::NormalExit) {
        process.kill();
        process.waitForFinished(10'000);
        return {-1, QStringLiteral("cmake did not finish: ") + process.readAll()};
    }
    return {process.exitCode(), QString::fromUtf8(process.readAll())};
}

void writeFile(const QString& path, const QByteArray& text) {
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(file.write(text), text.size());
}

// A tree that keeps every rule: util includes base (listed before it), mid includes base, top
// includes mid.
void writeCleanTree(const QString& engine) {
    writeFile(engine + "/base/a.h", "#pragma once\nint a();\n");
    writeFile(engine + "/base/a.cpp", "#include \"engine/base/a.h\"\nint a() { return 1; }\n");
    writeFile(engine + "/util/u.h", "#pragma once\n#include \"engine/base/a.h\"\n");
    writeFile(engine + "/mid/m.h", "#pragma once\n#include \"engine/base/a.h\"\nint m();\n");
    writeFile(engine + "/mid/m.cpp", "#include \"engine/mid/m.h\"\nint m() { return a(); }\n");
    writeFile(engine + "/top/t.h", "#pragma once\n#include \"engine/mid/m.h\"\n");
    writeFile(engine + "/top/deep/t.cpp", "#include \"engine/top/t.h\"\n");
}

Outcome check(const QString& engine, const QString& layer, const QString& stamp = {}) {
    QStringList arguments{QStringLiteral("-DENGINE_DIR=") + engine,
                          QStringLiteral("-DLAYERS=") + kSpec};
    if (!layer.isEmpty()) {
        arguments << QStringLiteral("-DLAYER=") + layer;
    }
    if (!stamp.isEmpty()) {
        arguments << QStringLiteral("-DSTAMP=") + stamp;
    }
    arguments << QStringLiteral("-P") << kScript;
    return runCmake(arguments);
}

}  // namespace

class EngineLayersTest : public QObject {
    Q_OBJECT
  private slots:
    void aTreeThatKeepsTheLayersPasses() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString engine = dir.filePath("engine");
        writeCleanTree(engine);
        const QString stamp = dir.filePath("layers.ok");
        const Outcome all = check(engine, {}, stamp);
        QVERIFY2(all.exitCode == 0, qPrintable(all.output));
        QVERIFY(QFile::exists(stamp));
        for (const QString layer : {"base", "mid", "top"}) {
            const Outcome one = check(engine, layer);
            QVERIFY2(one.exitCode == 0, qPrintable(layer + ": " + one.output));
        }
    }

    void aViolationFailsWithFileLineAndTheRule_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("layer");
        QTest::addColumn<QString>("expected");
        // Line 4, after a line with an unbalanced "[" and one with ";" (either would merge or
        // split a CMake list and shift the numbers).
        QTest::newRow("upward include") << "mid/m.cpp"
                                        << QByteArray(
                                               "#include \"engine/mid/m.h\"\n"
                                               "static const char* open = \"[\";\n"
                                               "int x; int y;\n"
                                               "#include \"engine/top/t.h\"\n")
                                        << "mid"
                                        << "engine/mid/m.cpp:4: layer mid may not include "
                                           "engine/top/t.h (layer top), mid uses: base";
        QTest::newRow("a layer used only through another")
            << "top/deep/t.cpp" << QByteArray("\n#include \"engine/base/a.h\"\n") << "top"
            << "engine/top/deep/t.cpp:2: layer top may not include engine/base/a.h (layer base), "
               "top uses: mid";
        QTest::newRow("the facade from below")
            << "base/a.cpp" << QByteArray("#include \"engine/engine.h\"\n") << "base"
            << "engine/base/a.cpp:1: layer base includes engine/engine.h, the engine facade above "
               "every layer";
        QTest::newRow("a later folder of the same layer")
            << "base/a.h" << QByteArray("#pragma once\n#include \"engine/util/u.h\"\n") << "base"
            << "engine/base/a.h:2: engine/base may not include engine/util/u.h: util/ comes after "
               "base/ in layer base";
        QTest::newRow("a folder in no layer")
            << "mid/m.h" << QByteArray("#pragma once\n#include \"engine/elsewhere/x.h\"\n") << "mid"
            << "engine/mid/m.h:2: layer mid includes engine/elsewhere/x.h, which is in no "
               "declared layer";
    }

    void aViolationFailsWithFileLineAndTheRule() {
        QFETCH(QString, file);
        QFETCH(QByteArray, text);
        QFETCH(QString, layer);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString engine = dir.filePath("engine");
        writeCleanTree(engine);
        writeFile(engine + "/" + file, text);
        const QString stamp = dir.filePath("layers.ok");
        const Outcome one = check(engine, layer, stamp);
        QVERIFY2(one.exitCode != 0, qPrintable(one.output));
        // CMake wraps long messages: compare with the whitespace folded.
        QVERIFY2(one.output.simplified().contains(expected), qPrintable(one.output));
        QVERIFY(!QFile::exists(stamp));
        const Outcome all = check(engine, {});
        QVERIFY2(all.exitCode != 0, qPrintable(all.output));
    }

    void theEngineTreeKeepsItsDeclaredLayers() {
        const QString spec = QStringLiteral(RIVERDELTA_ENGINE_LAYERS);
        QVERIFY2(spec.count('|') >= 5, qPrintable(spec));
        const Outcome real =
            runCmake({QStringLiteral("-DENGINE_DIR=") + kSource + "/engine",
                      QStringLiteral("-DLAYERS=") + spec, QStringLiteral("-P"), kScript});
        QVERIFY2(real.exitCode == 0, qPrintable(real.output));
    }

    // engine_layers.cmake declares layers bottom-up: using one not declared yet (the only way
    // to write a cycle) stops the configure.
    void aCycleStopsTheConfigure() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        writeFile(dir.filePath("CMakeLists.txt"),
                  "cmake_minimum_required(VERSION 3.25)\n"
                  "project(layers LANGUAGES NONE)\n"
                  "include(" RIVERDELTA_SOURCE_DIR
                  "/engine/engine_layers.cmake)\n"
                  "riverdelta_engine_layer(low FOLDERS low USES high)\n"
                  "riverdelta_engine_layer(high FOLDERS high USES low)\n");
        const Outcome configure = runCmake(
            {QStringLiteral("-S"), dir.path(), QStringLiteral("-B"), dir.filePath("build")});
        QVERIFY2(configure.exitCode != 0, qPrintable(configure.output));
        QVERIFY2(configure.output.simplified().contains(
                     "engine layer low uses high, which is not declared before it"),
                 qPrintable(configure.output));
    }
};

QTEST_GUILESS_MAIN(EngineLayersTest)
#include "test_engine_layers.moc"
