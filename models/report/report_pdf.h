#pragma once

#include <QLocale>
#include <QPageSize>
#include <QString>

#include "engine/report/run_report.h"

namespace riverdelta::report {

// Letter where the locale measures in US customary units, A4 elsewhere.
QPageSize::PageSizeId pageSizeFor(const QLocale& locale);

// A paginated PDF (PdfLayout): title page, then the sections, charts as high-resolution images,
// page numbers at the foot. Needs a QGuiApplication (fonts). Throws std::runtime_error on failure.
void writePdf(const RunReport& report, const QString& path, const QLocale& locale = QLocale());

}  // namespace riverdelta::report
