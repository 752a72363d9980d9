#pragma once

#include <signal.h>
#include <sys/types.h>

#include <QDeadlineTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTest>
#include <cstdint>
#include <functional>
#include <random>

namespace riverdelta::testing {

// A crash test's kill loop: run a writer (a sync) again and again, and SIGKILL each run a random
// 0..maxJitterMs after the table shows a commit it did not have when that run started (so the
// kills land mid-batch, mid-file and mid-commit, spread over the whole sync).
struct KillAfterCommits {
    QString program;
    QStringList args;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    std::function<int()> commits;  // the table's commits now
    int maxRuns = 30;
    int wantedKills = 12;
    int maxJitterMs = 5;
    std::uint32_t seed = 20261124;
};

struct KillAfterCommitsResult {
    int kills = 0;
    int endedByThemselves = 0;  // runs that ended before their kill
    QString firstEnding;        // what the first of those printed
    int unfinished = 0;         // runs still alive 30 s after their kill
};

inline KillAfterCommitsResult killAfterCommits(const KillAfterCommits& spec) {
    KillAfterCommitsResult result;
    std::mt19937 rng(spec.seed);
    std::uniform_int_distribution<int> jitter(0, spec.maxJitterMs);
    for (int i = 0; i < spec.maxRuns && result.kills < spec.wantedKills; ++i) {
        QProcess p;
        p.setProcessEnvironment(spec.environment);
        p.start(spec.program, spec.args);
        if (!p.waitForStarted()) {
            ++result.unfinished;
            continue;
        }
        const int before = spec.commits();
        QDeadlineTimer limit(60'000);
        while (p.state() == QProcess::Running && spec.commits() <= before && !limit.hasExpired())
            QTest::qWait(1);
        QTest::qWait(jitter(rng));
        if (p.state() == QProcess::Running) {
            ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
            ++result.kills;
        } else if (++result.endedByThemselves == 1) {
            result.firstEnding =
                QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
        }
        if (!p.waitForFinished(30'000)) ++result.unfinished;
    }
    return result;
}

}  // namespace riverdelta::testing
