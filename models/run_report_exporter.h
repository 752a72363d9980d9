#pragma once

#include <QObject>
#include <QString>
#include <cstdint>

namespace riverdelta::models {

class BackgroundJob;
class EngineBridge;

// The console's File → Export run report: asks the engine for the run so far (read back from
// the servers and validated), then renders it into a file off the GUI thread. One export at a
// time; the result comes as finished() or failed() on the GUI thread.
class RunReportExporter : public QObject {
    Q_OBJECT
  public:
    explicit RunReportExporter(EngineBridge& bridge, QObject* parent = nullptr);
    ~RunReportExporter() override;

    // The format comes from the extension (.pdf, .html, .json). False while an export runs;
    // a name without a known extension fails at once (failed() is emitted).
    bool start(const QString& path);
    // The name ends in an extension start() knows (.pdf, .html/.htm, .json; any case).
    [[nodiscard]] static bool knowsFormat(const QString& path);
    // From start() until finished() or failed().
    [[nodiscard]] bool running() const;

  signals:
    // The engine has answered with a report; the file is being written now.
    void writing(const QString& path);
    void finished(const QString& path);
    void failed(const QString& path, const QString& error);

  private:
    void checkAnswer();  // on every snapshot while the engine is asked

    EngineBridge& bridge_;
    BackgroundJob* writer_;      // renders and writes; waited for when the exporter goes
    std::uint64_t request_ = 0;  // the ExportReport the engine is answering, 0 when none
    QString path_;
};

}  // namespace riverdelta::models
