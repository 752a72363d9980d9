#include "app/report/report_pdf.h"

#include <QFile>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>
#include <stdexcept>

#include "app/report/report_html.h"

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
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));  // QTextDocument::print() adds its own 2 cm
    writer.setResolution(300);
    writer.setTitle(
        QStringLiteral("Run report: %1").arg(QString::fromStdString(report.scenarioName)));
    writer.setCreator(QStringLiteral("%1 %2").arg(QString::fromStdString(report.appName),
                                                  QString::fromStdString(report.appVersion)));

    QTextDocument doc;
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(8);
    doc.setDefaultFont(font);
    HtmlOptions options;
    options.forPrint = true;
    options.chartWidth = 640;
    options.imageUrl = [&doc](const QImage& image, const QString& name) {
        const QString url = QStringLiteral("riverdelta-report:/") + name;
        doc.addResource(QTextDocument::ImageResource, QUrl(url), image);
        return url;
    };
    doc.setHtml(reportHtml(report, options));
    doc.print(&writer);
    QFile check(path);
    if (!check.exists() || check.size() == 0)
        throw std::runtime_error("writing the PDF " + path.toStdString() + " failed");
}

}  // namespace riverdelta::report
