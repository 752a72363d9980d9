#pragma once

#include <QColor>
#include <QImage>
#include <QString>
#include <vector>

#include "engine/report/run_report.h"

// The run report as a document: a title part, then headings, paragraphs, tables and charts.
// Both writers render this one structure (HTML as markup, PDF through PdfLayout), so the
// sections, figures and units are decided once.
namespace riverdelta::report {

// What a piece of text means; each writer picks its colours.
enum class Tone { Normal, Muted, Pass, Fail, Skip, Pending };

struct TextRun {
    QString text;
    Tone tone = Tone::Normal;
    bool bold = false;
    bool small = false;  // a secondary line (an id, a location)
};

// A table cell: lines that each wrap on their own, and a background when the cell is a badge.
struct DocCell {
    std::vector<TextRun> lines;
    QColor background;  // invalid: none
};

struct DocColumn {
    QString header;
    bool alignRight = false;  // numbers
};

struct DocTable {
    std::vector<DocColumn> columns;  // empty headers: a key/value table without a header row
    std::vector<std::vector<DocCell>> rows;
    [[nodiscard]] bool hasHeader() const;
};

struct DocBlock {
    enum class Kind { Heading, SubHeading, Paragraph, Table, Image };
    Kind kind = Kind::Paragraph;
    TextRun text;  // Heading, SubHeading, Paragraph; an image's description
    DocTable table;
    QImage image;        // at print resolution
    QString imageName;   // "chart-topic-0.png"
    int imageWidth = 0;  // logical pixels the image is laid out at (HTML)
};

struct ReportDocument {
    QString appName, title;                          // title: the scenario's name
    TextRun verdict;                                 // "15 of 17 checks passed, 2 pending"
    std::vector<std::pair<QString, TextRun>> facts;  // the title part's key facts
    std::vector<DocBlock> blocks;
    QString footer;  // "Generated … by Riverdelta 0.1.0"
};

// `chartWidth` in logical pixels; charts are drawn at `chartScale` device pixels per pixel.
ReportDocument reportDocument(const RunReport& report, int chartWidth, qreal chartScale);

// The verdict over the checks: failures, else pending ones, else passed.
TextRun checksVerdict(const RunReport& report);

// The figures as the console shows them: "830 B", "12.5 KiB"; "850 ms", "3.2 s", "163 s".
QString byteSize(double bytes);
QString freshnessText(double milliseconds);

}  // namespace riverdelta::report
