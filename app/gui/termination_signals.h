#pragma once

#include <QObject>

class QSocketNotifier;

// Turns SIGINT/SIGTERM into a clean QCoreApplication::quit(), so the engine's destructor runs
// and the sandbox's PostgreSQL is stopped instead of left behind.
class TerminationSignals : public QObject {
    Q_OBJECT
  public:
    explicit TerminationSignals(QObject* parent = nullptr);
    ~TerminationSignals() override;

  private:
    static void onSignal(int);
    static int pipe_[2];
    QSocketNotifier* notifier_ = nullptr;
};
