#pragma once

#include <QObject>
#include <QString>
#include <functional>
#include <memory>

class QThread;

namespace riverdelta::models {

// One piece of work at a time on a thread of its own, its end reported on the owner's thread as
// finished() or failed(). The thread is a QThread, so the work may use Qt classes that need an
// event dispatcher (QTextDocument's timers when a report is rendered).
//
// What the job's destruction does to work still running is the owner's choice: Wait for work
// whose result must not be cut short (a file being written), Detach for work that may take long
// and whose result nobody needs once the owner is gone (a connection test against a slow
// cluster must not hold up closing a window). A detached job's thread deletes itself when done.
class BackgroundJob : public QObject {
    Q_OBJECT
  public:
    enum class OnDestroy { Wait, Detach };

    explicit BackgroundJob(OnDestroy onDestroy, QObject* parent = nullptr);
    ~BackgroundJob() override;

    // Runs `work` on a new thread. An exception it throws becomes failed(what()). False (and
    // nothing starts) while earlier work is still running.
    bool start(std::function<void()> work);
    [[nodiscard]] bool running() const { return thread_ != nullptr; }

  signals:
    void finished();
    void failed(const QString& error);

  private:
    void ended(const QString& error);

    OnDestroy onDestroy_;
    std::unique_ptr<QThread> thread_;
};

}  // namespace riverdelta::models
