#include "models/report/report_html.h"

#include <QBuffer>

#include "models/report/report_document.h"

namespace riverdelta::report {

namespace {

QString color(Tone tone) {
    switch (tone) {
        case Tone::Normal:
            return {};
        case Tone::Muted:
        case Tone::Skip:
            return QStringLiteral("#666666");
        case Tone::Pass:
            return QStringLiteral("#17622b");
        case Tone::Fail:
            return QStringLiteral("#a11a1a");
        case Tone::Pending:
            return QStringLiteral("#8a5a00");
    }
    return {};
}

QString html(const TextRun& run) {
    QString s = run.text.toHtmlEscaped();
    if (run.bold) s = QStringLiteral("<b>%1</b>").arg(s);
    if (run.small) s = QStringLiteral("<small>%1</small>").arg(s);
    const QString c = color(run.tone);
    if (!c.isEmpty()) s = QStringLiteral("<span style=\"color:%1\">%2</span>").arg(c, s);
    return s;
}

QString html(const DocTable& t) {
    QString h = QStringLiteral("<table class=\"grid\">");
    if (t.hasHeader()) {
        h += QStringLiteral("<tr>");
        for (const auto& c : t.columns)
            h += QStringLiteral("<th>%1</th>").arg(c.header.toHtmlEscaped());
        h += QStringLiteral("</tr>");
    }
    for (const auto& row : t.rows) {
        h += QStringLiteral("<tr>");
        for (std::size_t i = 0; i < row.size(); ++i) {
            QString attrs;
            if (i < t.columns.size() && t.columns[i].alignRight)
                attrs += QStringLiteral(" class=\"num\"");
            if (row[i].background.isValid())
                attrs += QStringLiteral(" style=\"background:%1\"").arg(row[i].background.name());
            QStringList lines;
            for (const auto& l : row[i].lines)
                lines << html(l);
            h += QStringLiteral("<td%1>%2</td>").arg(attrs, lines.join(QStringLiteral("<br>")));
        }
        h += QStringLiteral("</tr>");
    }
    return h + QStringLiteral("</table>\n");
}

constexpr const char* kCss = R"css(
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 10pt; color: #1f2328; }
h1 { font-size: 20pt; margin-bottom: 4px; }
h2 { font-size: 14pt; color: #1d4f80; margin-top: 22px; border-bottom: 1px solid #c9d6e3; }
h3 { font-size: 11pt; margin-top: 14px; }
table.grid { border-collapse: collapse; width: 100%; }
table.grid th, table.grid td { border: 1px solid #c5ced8; padding: 3px 6px; vertical-align: top;
  text-align: left; overflow-wrap: break-word; }
table.grid th { background: #e8eef5; }
table.grid td.num { text-align: right; }
small { font-size: 85%; }
.muted { color: #666666; }
)css";

}  // namespace

QString pngDataUri(const QImage& image) {
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
}

QString reportHtml(const RunReport& r, const HtmlOptions& o) {
    const ReportDocument d = reportDocument(r, o.chartWidth, 2.0);
    QString h =
        QStringLiteral(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>%1 run report: %2</title><style>%3</style></head><body>\n")
            .arg(d.appName.toHtmlEscaped(), d.title.toHtmlEscaped(), QString::fromUtf8(kCss));
    h += QStringLiteral("<h1>Run report: %1</h1><p>%2</p>\n")
             .arg(d.title.toHtmlEscaped(), html(d.verdict));
    for (const auto& b : d.blocks) {
        switch (b.kind) {
            case DocBlock::Kind::Heading:
                h += QStringLiteral("<h2>%1</h2>\n").arg(b.text.text.toHtmlEscaped());
                break;
            case DocBlock::Kind::SubHeading:
                h += QStringLiteral("<h3>%1</h3>\n").arg(b.text.text.toHtmlEscaped());
                break;
            case DocBlock::Kind::Paragraph:
                h += QStringLiteral("<p>%1</p>\n").arg(html(b.text));
                break;
            case DocBlock::Kind::Table:
                h += html(b.table);
                break;
            case DocBlock::Kind::Image:
                h += QStringLiteral(
                         "<p><img src=\"%1\" width=\"%2\" alt=\"%3\" "
                         "style=\"max-width:100%\"></p>\n")
                         .arg(o.imageUrl(b.image, b.imageName))
                         .arg(b.imageWidth)
                         .arg(b.text.text.toHtmlEscaped());
                break;
        }
    }
    h += QStringLiteral("<p class=\"muted\">%1</p></body></html>\n").arg(d.footer.toHtmlEscaped());
    return h;
}

}  // namespace riverdelta::report
