#pragma once

#include <QColor>
#include <QFont>
#include <QFontMetricsF>
#include <QImage>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <vector>

#include "models/report/report_document.h"

class QPaintDevice;
class QPagedPaintDevice;

// Lays a ReportDocument out on pages and paints it (the PDF report). Own layout rather than
// QTextDocument's, which breaks words anywhere in narrow table columns and splits table rows
// across pages: here lines break at spaces (a single token wider than its column is cut at
// '_', '.', '-', '/' or ':' first), a table row never straddles a page unless it is taller than
// a page, and a table's header row is repeated on every page it continues on.
namespace riverdelta::report {

// `text` as lines no wider than `width` (in the metrics' units).
QStringList wrapText(const QString& text, const QFontMetricsF& metrics, qreal width);

// One thing to paint on a page, in device pixels of the content area.
struct PaintItem {
    enum class Kind { Text, Box, Rule, Image };
    Kind kind = Kind::Text;
    QRectF rect;
    QString text;
    QFont font;
    QColor color;  // text or rule colour; a box's border
    QColor fill;   // a box's background (invalid: none)
    bool alignRight = false;
    QImage image;
};

// Where a table row went, for the tests: a row placed on two pages (taller than a page) has
// an entry per page.
struct PlacedRow {
    int block = 0;  // index into ReportDocument::blocks
    int row = 0;    // -1: the header row
    int page = 0;
    QRectF rect;
};

struct LaidOutReport {
    QSizeF pageSize;       // the content area, device pixels
    qreal bodyBottom = 0;  // where the page footer begins: nothing of the body reaches below
    std::vector<std::vector<PaintItem>> pages;
    std::vector<PlacedRow> rows;
};

// Lays `document` out on pages whose content area is `pageSize` device pixels of `device`
// (whose resolution sizes the fonts); the footer (page N of M) is inside that area.
LaidOutReport layoutReport(const ReportDocument& document, const QPaintDevice& device,
                           QSizeF pageSize);

// Paints the pages onto `device` (QPdfWriter), a new page for each.
void paintReport(const LaidOutReport& layout, QPagedPaintDevice& device);

}  // namespace riverdelta::report
