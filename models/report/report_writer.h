#pragma once

#include <QGuiApplication>
#include <QLocale>
#include <memory>
#include <optional>
#include <string>

#include "engine/report/run_report.h"

namespace riverdelta::report {

enum class ReportFormat { Pdf, Html, Json };

// From the file name's extension (.pdf, .html/.htm, .json; any case); nullopt otherwise.
std::optional<ReportFormat> reportFormatFromPath(const std::string& path);

// Writes the report in `format`. PDF and HTML need a QGuiApplication (see
// ensureGuiApplication). Throws std::runtime_error with the reason.
void writeReport(const RunReport& report, const std::string& path, ReportFormat format,
                 const QLocale& locale = QLocale());

// A QGuiApplication on the offscreen platform when none exists yet (the CLI renders reports
// without a display); null when one exists already. Keep it alive while rendering.
std::unique_ptr<QGuiApplication> ensureGuiApplication();

}  // namespace riverdelta::report
