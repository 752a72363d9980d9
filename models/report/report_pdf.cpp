#include "models/report/report_pdf.h"

#include <QFile>
#include <QPdfWriter>
#include <stdexcept>

#include "models/report/pdf_layout.h"
#include "models/report/report_document.h"

namespace riverdelta::report {

QPageSize::PageSizeId pageSizeFor(const QLocale& locale) {
    return locale.measurementSystem() == QLocale::ImperialUSSystem ? QPageSize::Letter
                                                                   : QPageSize::A4;
}

void writePdf(const RunReport& report, const QString& path, const QLocale& locale) {
    {
        QFile probe(path);
        if (!probe.open(QIODevice::WriteOnly))
            throw std::runtime_error("cannot write " + path.toStdString() + ": " +
                                     probe.errorString().toStdString());
    }
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(pageSizeFor(locale)));
    writer.setPageMargins(QMarginsF(18, 16, 18, 14), QPageLayout::Millimeter);
    writer.setResolution(300);
    writer.setTitle(
        QStringLiteral("Run report: %1").arg(QString::fromStdString(report.scenarioName)));
    writer.setCreator(QStringLiteral("%1 %2").arg(QString::fromStdString(report.appName),
                                                  QString::fromStdString(report.appVersion)));
    const auto document = reportDocument(report, 640, 4.0);
    const auto layout = layoutReport(document, writer, QSizeF(writer.width(), writer.height()));
    paintReport(layout, writer);
    QFile check(path);
    if (!check.exists() || check.size() == 0)
        throw std::runtime_error("writing the PDF " + path.toStdString() + " failed");
}

}  // namespace riverdelta::report
