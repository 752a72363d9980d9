#include "models/run_report_exporter.h"

#include <algorithm>

#include "engine/engine.h"
#include "models/background_job.h"
#include "models/engine_bridge.h"
#include "models/report/report_writer.h"

namespace riverdelta::models {

RunReportExporter::RunReportExporter(EngineBridge& bridge, QObject* parent)
    : QObject(parent),
      bridge_(bridge),
      // A file half written when the window closes would be worse than the short wait.
      writer_(new BackgroundJob(BackgroundJob::OnDestroy::Wait, this)) {
    connect(&bridge_, &EngineBridge::snapshotChanged, this, &RunReportExporter::checkAnswer);
    connect(writer_, &BackgroundJob::finished, this, [this] { emit finished(path_); });
    connect(writer_, &BackgroundJob::failed, this,
            [this](const QString& error) { emit failed(path_, error); });
}

RunReportExporter::~RunReportExporter() = default;

bool RunReportExporter::running() const {
    return request_ != 0 || writer_->running();
}

bool RunReportExporter::knowsFormat(const QString& path) {
    return report::reportFormatFromPath(path.toStdString()).has_value();
}

bool RunReportExporter::start(const QString& path) {
    if (running()) return false;
    path_ = path;
    if (!knowsFormat(path)) {
        emit failed(path, tr("the file name must end in .pdf, .html or .json"));
        return true;
    }
    request_ = bridge_.engine().newRequestId();
    bridge_.engine().post(command::ExportReport{request_});
    return true;
}

void RunReportExporter::checkAnswer() {
    if (!request_) return;
    const auto& reports = bridge_.snapshot().reports;
    const auto it = std::find_if(reports.begin(), reports.end(),
                                 [&](const ReportExport& r) { return r.requestId == request_; });
    if (it == reports.end() || !it->done) return;
    request_ = 0;
    if (!it->report) {
        emit failed(path_, QString::fromStdString(it->error));
        return;
    }
    // Rendering charts and paginating a PDF takes a moment. QImage, QPainter, QTextDocument and
    // QPdfWriter work off the GUI thread; BackgroundJob's QThread has the event dispatcher
    // QTextDocument's timers need.
    emit writing(path_);
    writer_->start([report = it->report, path = path_.toStdString()] {
        report::writeReport(*report, path, *report::reportFormatFromPath(path));
    });
}

}  // namespace riverdelta::models
