#pragma once

#include <QString>

namespace riverdelta::models {

// Bytes as the whole console shows them (pipeline rows, chart, table page) and as the run
// report prints them: binary units, "830 B", "9.5 KiB", "12 KiB", "4.2 MiB" (one decimal below
// 10). One convention everywhere, so that a figure in the chart matches the row beside it.
QString byteText(double bytes);

}  // namespace riverdelta::models
