#pragma once

#include <QImage>
#include <QString>
#include <functional>

#include "engine/report/run_report.h"

namespace riverdelta::report {

struct HtmlOptions {
    // How an image is referenced (a data: URI for a self-contained file). Called once per
    // chart, in document order.
    std::function<QString(const QImage& image, const QString& name)> imageUrl;
    int chartWidth = 720;  // logical pixels, the width the charts are laid out at
};

// The report as one HTML document (UTF-8, no external resources); see reportDocument().
QString reportHtml(const RunReport& report, const HtmlOptions& options);

// A data: URI with the image as PNG (base64).
QString pngDataUri(const QImage& image);

}  // namespace riverdelta::report
