#include "models/report/report_writer.h"

#include <QFile>
#include <QFileInfo>
#include <stdexcept>

#include "engine/report/report_json.h"
#include "models/report/report_html.h"
#include "models/report/report_pdf.h"

namespace riverdelta::report {

std::optional<ReportFormat> reportFormatFromPath(const std::string& path) {
    const QString suffix = QFileInfo(QString::fromStdString(path)).suffix().toLower();
    if (suffix == QLatin1String("pdf")) return ReportFormat::Pdf;
    if (suffix == QLatin1String("html") || suffix == QLatin1String("htm"))
        return ReportFormat::Html;
    if (suffix == QLatin1String("json")) return ReportFormat::Json;
    return std::nullopt;
}

namespace {

void writeFile(const QString& path, const QByteArray& data) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(data) != data.size() ||
        !f.flush())
        throw std::runtime_error("cannot write " + path.toStdString() + ": " +
                                 f.errorString().toStdString());
}

}  // namespace

void writeReport(const RunReport& report, const std::string& path, ReportFormat format,
                 const QLocale& locale) {
    const QString file = QString::fromStdString(path);
    switch (format) {
        case ReportFormat::Json:
            writeFile(file, QByteArray::fromStdString(toJson(report).dump(2) + "\n"));
            return;
        case ReportFormat::Html: {
            HtmlOptions options;
            options.imageUrl = [](const QImage& image, const QString&) {
                return pngDataUri(image);
            };
            writeFile(file, reportHtml(report, options).toUtf8());
            return;
        }
        case ReportFormat::Pdf:
            writePdf(report, file, locale);
            return;
    }
}

std::unique_ptr<QGuiApplication> ensureGuiApplication() {
    if (QGuiApplication::instance()) return nullptr;
    static int argc = 3;
    static char arg0[] = "riverdelta-cli", arg1[] = "-platform", arg2[] = "offscreen";
    static char* argv[] = {arg0, arg1, arg2, nullptr};
    return std::make_unique<QGuiApplication>(argc, argv);
}

}  // namespace riverdelta::report
