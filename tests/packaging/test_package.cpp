// The Debian package, built from this build tree with cpack: its metadata validates, it has the
// right fields and files, the installed binaries run from a scratch root with the build and
// source trees hidden, and lintian reports no errors (and no warning packaging/README.md does
// not accept). Needs the packaging tools: scripts/install-deps.sh --package (or --test).
#include <unistd.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include "riverdelta/version.h"
#include "support/run_process.h"

namespace {

using Run = riverdelta::testing::ProcessResult;

// cpack and lintian take minutes.
Run run(const QString& program, const QStringList& args,
        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
        int timeoutMs = 300000) {
    return riverdelta::testing::runProcess(program, args,
                                           {.timeoutMs = timeoutMs, .environment = env});
}

const QString kSourceDir = QStringLiteral(RIVERDELTA_SOURCE_DIR);
const QString kBinaryDir = QStringLiteral(RIVERDELTA_BINARY_DIR);
const QString kAppId = QStringLiteral("io.riverdelta.Riverdelta");
const QString kVersionString = QString::fromUtf8(riverdelta::kVersion);

// The tools the checks run, with the Debian package that has each.
const QList<QPair<QString, QString>> kTools{
    {QStringLiteral(RIVERDELTA_CPACK_COMMAND), QStringLiteral("cmake")},
    {QStringLiteral("dpkg-deb"), QStringLiteral("dpkg")},
    {QStringLiteral("dpkg-shlibdeps"), QStringLiteral("dpkg-dev")},
    {QStringLiteral("file"), QStringLiteral("file")},
    {QStringLiteral("desktop-file-validate"), QStringLiteral("desktop-file-utils")},
    {QStringLiteral("appstreamcli"), QStringLiteral("appstream")},
    {QStringLiteral("lintian"), QStringLiteral("lintian")},
    {QStringLiteral("readelf"), QStringLiteral("binutils")},
    {QStringLiteral("unshare"), QStringLiteral("util-linux")},
};

}  // namespace

class PackageTest : public QObject {
    Q_OBJECT

    QTemporaryDir work_;
    QString deb_;
    QString root_;  // the package unpacked with dpkg-deb -x

    // Runs a program of the unpacked package in a mount namespace where the build tree and the
    // source tree are empty tmpfs mounts, from / with a throwaway HOME: whatever it reads, it
    // cannot be a file of either tree.
    Run runInstalled(const QStringList& command, const QProcessEnvironment& extra = {}) {
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("HOME"), work_.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"),
                   work_.filePath(QStringLiteral("home/config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), work_.filePath(QStringLiteral("home/data")));
        env.insert(extra);
        // Mount over the build tree first: it may sit inside the source tree.
        const QString script = QStringLiteral(
            "set -e; for d in \"$1\" \"$2\"; do if [ -d \"$d\" ]; then mount -t tmpfs "
            "riverdelta-hidden \"$d\"; fi; done; shift 2; cd /; exec \"$@\"");
        QStringList args{QStringLiteral("--mount"), QStringLiteral("--propagation"),
                         QStringLiteral("private")};
        if (::geteuid() != 0) args << QStringLiteral("--map-root-user");
        args << QStringLiteral("sh") << QStringLiteral("-c") << script << QStringLiteral("sh")
             << kBinaryDir << kSourceDir << command;
        return run(QStringLiteral("unshare"), args, env, 120000);
    }

  private slots:
    void initTestCase() {
        QVERIFY(work_.isValid());
        QStringList missing;
        for (const auto& [tool, package] : kTools)
            if (QStandardPaths::findExecutable(tool).isEmpty() && !QFileInfo(tool).isExecutable())
                missing << QStringLiteral("%1 (Debian package %2)").arg(tool, package);
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("missing packaging tools: %1; run "
                                                              "scripts/install-deps.sh --package")
                                                   .arg(missing.join(QStringLiteral(", ")))));
        QVERIFY2(QFileInfo(kBinaryDir + "/CPackConfig.cmake").exists(),
                 "no CPackConfig.cmake in the build tree (packaging/ not configured?)");
        QDir().mkpath(work_.filePath(QStringLiteral("home")));
    }

    void desktopEntryValidates() {
        const QString file = kSourceDir + "/packaging/" + kAppId + ".desktop";
        const Run r = run(QStringLiteral("desktop-file-validate"), {file});
        // It prints hints and warnings but exits 0 on them: accept none.
        QVERIFY2(r.exitCode == 0 && r.out.trimmed().isEmpty() && r.err.trimmed().isEmpty(),
                 qPrintable(r.out + r.err));
    }

    void metainfoValidates() {
        const QString file = kBinaryDir + "/packaging/" + kAppId + ".metainfo.xml";
        const Run r = run(QStringLiteral("appstreamcli"),
                          {QStringLiteral("validate"), QStringLiteral("--no-net"), file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));

        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&f);
        QString type;
        QString launchable;
        QString newestRelease;
        QStringList binaries;
        bool contentRating = false;
        bool screenshot = false;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement) continue;
            const auto name = xml.name();
            if (name == QLatin1String("component"))
                type = xml.attributes().value(QLatin1String("type")).toString();
            else if (name == QLatin1String("launchable"))
                launchable = xml.readElementText();
            else if (name == QLatin1String("binary"))
                binaries << xml.readElementText();
            else if (name == QLatin1String("release") && newestRelease.isEmpty())
                newestRelease = xml.attributes().value(QLatin1String("version")).toString();
            else if (name == QLatin1String("content_rating"))
                contentRating = true;
            else if (name == QLatin1String("screenshot"))
                screenshot = true;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(type, QStringLiteral("desktop-application"));
        QCOMPARE(launchable, kAppId + ".desktop");
        QCOMPARE(binaries,
                 (QStringList{QStringLiteral("riverdelta"), QStringLiteral("riverdelta-cli")}));
        QVERIFY2(newestRelease == kVersionString,
                 qPrintable(QStringLiteral("newest <release> is %1, the project is %2: add a "
                                           "<release> to the metainfo")
                                .arg(newestRelease, kVersionString)));
        QVERIFY(contentRating);
        QVERIFY(screenshot);
    }

    void changelogMatchesVersion() {
        QFile f(kSourceDir + "/packaging/changelog");
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString first = QString::fromUtf8(f.readLine());
        const QString expected = QStringLiteral("riverdelta (%1-1) ").arg(kVersionString);
        QVERIFY2(first.startsWith(expected),
                 qPrintable(QStringLiteral("packaging/changelog starts with '%1', expected '%2'")
                                .arg(first.trimmed(), expected)));
    }

    void buildsPackage() {
        const QString out = work_.filePath(QStringLiteral("package"));
        const Run r = run(QStringLiteral(RIVERDELTA_CPACK_COMMAND),
                          {QStringLiteral("--config"), kBinaryDir + "/CPackConfig.cmake",
                           QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("-B"), out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const Run arch = run(QStringLiteral("dpkg"), {QStringLiteral("--print-architecture")});
        const QString name =
            QStringLiteral("riverdelta_%1-1_%2.deb").arg(kVersionString, arch.out.trimmed());
        deb_ = out + "/" + name;
        QVERIFY2(QFileInfo::exists(deb_), qPrintable("no " + name + " in:\n" + r.out));
        qInfo("%s: %lld bytes", qPrintable(name), QFileInfo(deb_).size());
    }

    void controlFields() {
        QVERIFY2(!deb_.isEmpty(), "the package was not built");
        const Run r = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-f"), deb_});
        QCOMPARE(r.exitCode, 0);
        QMap<QString, QString> fields;
        QString last;
        for (const QString& line : r.out.split(QLatin1Char('\n'))) {
            if (line.startsWith(QLatin1Char(' ')) && !last.isEmpty()) {
                fields[last] += QLatin1Char('\n') + line;
            } else if (const int colon = line.indexOf(QLatin1Char(':')); colon > 0) {
                last = line.left(colon);
                fields[last] = line.mid(colon + 1).trimmed();
            }
        }
        QCOMPARE(fields.value(QStringLiteral("Package")), QStringLiteral("riverdelta"));
        QCOMPARE(fields.value(QStringLiteral("Version")), kVersionString + "-1");
        QCOMPARE(fields.value(QStringLiteral("Section")), QStringLiteral("devel"));
        QVERIFY(fields.value(QStringLiteral("Maintainer")).contains(QLatin1Char('@')));
        QVERIFY(fields.value(QStringLiteral("Homepage")).startsWith(QStringLiteral("https:")));
        QVERIFY(fields.value(QStringLiteral("Description")).contains(QStringLiteral("Delta Lake")));
        // dpkg-shlibdeps found the shared libraries the binaries link.
        const QString depends = fields.value(QStringLiteral("Depends"));
        for (const char* lib : {"libc6", "libstdc++6", "librdkafka1", "libpq5", "libqt6core6",
                                "libcurl4", "libzstd1", "libsnappy1v5"})
            QVERIFY2(depends.contains(QLatin1String(lib)), qPrintable(lib + (": " + depends)));
#ifdef RIVERDELTA_WITH_GUI
        for (const char* lib : {"libqt6widgets6", "libqt6gui6", "qt6-qpa-plugins"})
            QVERIFY2(depends.contains(QLatin1String(lib)), qPrintable(lib + (": " + depends)));
#endif
        QVERIFY2(fields.value(QStringLiteral("Recommends")).contains(QStringLiteral("postgresql")),
                 qPrintable(r.out));
    }

    void contents() {
        QVERIFY2(!deb_.isEmpty(), "the package was not built");
        const Run r = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-c"), deb_});
        QCOMPARE(r.exitCode, 0);
        QStringList paths;
        for (const QString& line : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QString path = line.section(QLatin1Char(' '), -1);
            paths << path;
            QVERIFY2(path == QLatin1String("./") || path.startsWith(QStringLiteral("./usr/")),
                     qPrintable("outside /usr: " + path));
            QVERIFY2(!path.startsWith(QStringLiteral("./usr/local")),
                     qPrintable("under /usr/local: " + path));
            QVERIFY2(!path.contains(QStringLiteral("CMakeFiles")) &&
                         !path.endsWith(QStringLiteral(".o")),
                     qPrintable("build tree file: " + path));
        }
        QStringList expected{
            QStringLiteral("./usr/bin/riverdelta-cli"),
            QStringLiteral("./usr/share/applications/%1.desktop").arg(kAppId),
            QStringLiteral("./usr/share/metainfo/%1.metainfo.xml").arg(kAppId),
            QStringLiteral("./usr/share/icons/hicolor/scalable/apps/%1.svg").arg(kAppId),
            QStringLiteral("./usr/share/man/man1/riverdelta-cli.1.gz"),
            QStringLiteral("./usr/share/doc/riverdelta/copyright"),
            QStringLiteral("./usr/share/doc/riverdelta/changelog.Debian.gz"),
            QStringLiteral("./usr/share/riverdelta/scenarios/river-hotels/river-hotels.json"),
            QStringLiteral(
                "./usr/share/riverdelta/scenarios/river-hotels/content/hotel_categories.json"),
        };
        for (int size : {48, 128, 256})
            expected << QStringLiteral("./usr/share/icons/hicolor/%1x%1/apps/%2.png")
                            .arg(size)
                            .arg(kAppId);
#ifdef RIVERDELTA_WITH_GUI
        expected << QStringLiteral("./usr/bin/riverdelta")
                 << QStringLiteral("./usr/share/man/man1/riverdelta.1.gz");
#endif
        for (const QString& e : expected)
            QVERIFY2(paths.contains(e), qPrintable("missing " + e + " in:\n" + r.out));
        // Every built-in scenario file is there as an example.
        const QDir scenarios(kSourceDir + "/resources/scenarios");
        QDirIterator it(scenarios.path(), {QStringLiteral("*.json")}, QDir::Files,
                        QDirIterator::Subdirectories);
        int count = 0;
        while (it.hasNext()) {
            const QString rel = scenarios.relativeFilePath(it.next());
            QVERIFY2(paths.contains("./usr/share/riverdelta/scenarios/" + rel), qPrintable(rel));
            ++count;
        }
        QVERIFY(count >= 10);
    }

    void installedBinariesRunWithoutTheBuildTree() {
        QVERIFY2(!deb_.isEmpty(), "the package was not built");
        root_ = work_.filePath(QStringLiteral("root"));
        const Run x = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), deb_, root_});
        QVERIFY2(x.exitCode == 0, qPrintable(x.err));
        const QString cli = root_ + "/usr/bin/riverdelta-cli";

        // The namespace really hides both trees (and the test's own binary with them).
        const Run hidden = runInstalled(
            {QStringLiteral("sh"), QStringLiteral("-c"),
             QStringLiteral(
                 "for d in \"$0\" \"$1\"; do [ ! -d \"$d\" ] || find \"$d\" -mindepth 1; done"),
             kBinaryDir, kSourceDir});
        QVERIFY2(
            hidden.exitCode == 0 && hidden.out.trimmed().isEmpty(),
            qPrintable("the build or source tree is still visible: " + hidden.out + hidden.err));

        // No RPATH/RUNPATH that could point back into the build tree.
        const Run elf = run(QStringLiteral("readelf"), {QStringLiteral("-d"), cli});
        QCOMPARE(elf.exitCode, 0);
        QVERIFY2(!elf.out.contains(QStringLiteral("RPATH")) &&
                     !elf.out.contains(QStringLiteral("RUNPATH")),
                 qPrintable(elf.out));

        const Run version = runInstalled({cli, QStringLiteral("--version")});
        QVERIFY2(version.exitCode == 0, qPrintable(version.out + version.err));
        QCOMPARE(version.out.trimmed(), QStringLiteral("riverdelta-cli ") + kVersionString);

        const QStringList sample{
            QStringLiteral("sample"),       QStringLiteral("-n"), QStringLiteral("5"),
            QStringLiteral("--seed"),       QStringLiteral("7"),  QStringLiteral("--now"),
            QStringLiteral("1767225600000")};
        const Run installed = runInstalled(QStringList{cli} + sample);
        QVERIFY2(installed.exitCode == 0, qPrintable(installed.out + installed.err));
        const QStringList lines = installed.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 5);
        for (const QString& line : lines) {
            const auto doc = QJsonDocument::fromJson(line.toUtf8());
            QVERIFY2(doc.isObject() && doc.object().contains(QStringLiteral("generator")),
                     qPrintable(line));
        }
        // The same events as the build tree's binary: the built-in scenario is compiled in.
        const Run built = run(kBinaryDir + "/app/riverdelta-cli", sample);
        QCOMPARE(built.exitCode, 0);
        QCOMPARE(installed.out, built.out);

        // The scenario copies installed as examples are complete: they check clean.
        const Run check = runInstalled(
            {cli, QStringLiteral("check"),
             root_ + "/usr/share/riverdelta/scenarios/river-hotels/river-hotels.json"});
        QVERIFY2(check.exitCode == 0, qPrintable(check.out + check.err));

#ifdef RIVERDELTA_WITH_GUI
        QProcessEnvironment offscreen;
        offscreen.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const Run gui =
            runInstalled({root_ + "/usr/bin/riverdelta", QStringLiteral("--version")}, offscreen);
        QVERIFY2(gui.exitCode == 0 && gui.out.contains(kVersionString),
                 qPrintable(gui.out + gui.err));
#endif
    }

    void lintianReportsNoErrors() {
        QVERIFY2(!deb_.isEmpty(), "the package was not built");
        const Run r = run(QStringLiteral("lintian"),
                          {QStringLiteral("--tag-display-limit"), QStringLiteral("0"), deb_},
                          QProcessEnvironment::systemEnvironment(), 600000);
        qInfo("lintian (exit %d):\n%s%s", r.exitCode, qPrintable(r.out), qPrintable(r.err));
        QVERIFY2(r.exitCode != -1, "lintian did not finish");
        // The warnings we accept are listed, each with its reason, in packaging/README.md.
        QFile readme(kSourceDir + "/packaging/README.md");
        QVERIFY(readme.open(QIODevice::ReadOnly));
        QSet<QString> accepted;
        static const QRegularExpression acceptedLine(QStringLiteral("^- `([a-z0-9-]+)`"),
                                                     QRegularExpression::MultilineOption);
        for (auto m = acceptedLine.globalMatch(QString::fromUtf8(readme.readAll())); m.hasNext();)
            accepted.insert(m.next().captured(1));
        QStringList errors;
        QStringList unaccepted;
        static const QRegularExpression tagLine(QStringLiteral("^([EW]): [^:]+: ([a-z0-9-]+)"));
        for (const QString& line : r.out.split(QLatin1Char('\n'))) {
            const auto m = tagLine.match(line);
            if (!m.hasMatch()) continue;
            if (m.captured(1) == QLatin1String("E"))
                errors << line;
            else if (!accepted.contains(m.captured(2)))
                unaccepted << line;
        }
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        QVERIFY2(unaccepted.isEmpty(), qPrintable("warnings not listed in packaging/README.md:\n" +
                                                  unaccepted.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(PackageTest)
#include "test_package.moc"
