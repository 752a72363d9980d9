#include "models/report/pdf_layout.h"

#include <QPagedPaintDevice>
#include <QPainter>
#include <QRegularExpression>
#include <algorithm>
#include <numeric>

namespace riverdelta::report {

namespace {

bool preferredCut(QChar c) {
    return c == QLatin1Char('_') || c == QLatin1Char('.') || c == QLatin1Char('-') ||
           c == QLatin1Char('/') || c == QLatin1Char(':');
}

// Cuts a token wider than `width` into pieces that fit: each piece as long as fits, ending
// after the last '_', '.', '-', '/' or ':' in it when there is one.
QStringList breakToken(QString rest, const QFontMetricsF& fm, qreal width) {
    QStringList pieces;
    while (rest.size() > 1 && fm.horizontalAdvance(rest) > width) {
        qsizetype fit = 1;
        while (fit < rest.size() && fm.horizontalAdvance(rest.left(fit + 1)) <= width)
            ++fit;
        if (fit < rest.size() && rest.at(fit).isLowSurrogate() && fit > 1) --fit;
        qsizetype cut = fit;
        for (qsizetype i = fit; i >= 1; --i)
            if (preferredCut(rest.at(i - 1))) {
                cut = i;
                break;
            }
        if (cut == rest.size()) cut = fit;
        pieces << rest.left(cut);
        rest = rest.mid(cut);
    }
    pieces << rest;
    return pieces;
}

}  // namespace

QStringList wrapText(const QString& text, const QFontMetricsF& fm, qreal width) {
    QStringList lines;
    for (const QString& paragraph : text.split(QLatin1Char('\n'))) {
        QString line;
        const auto words = paragraph.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (const QString& word : words) {
            const QString candidate = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
            if (fm.horizontalAdvance(candidate) <= width) {
                line = candidate;
                continue;
            }
            if (!line.isEmpty()) lines << line;
            line.clear();
            if (fm.horizontalAdvance(word) <= width) {
                line = word;
                continue;
            }
            QStringList pieces = breakToken(word, fm, width);
            line = pieces.takeLast();
            lines << pieces;
        }
        lines << line;
    }
    return lines;
}

namespace {

const QColor kHeading(0x1d, 0x4f, 0x80);
const QColor kBorder(0xc5, 0xce, 0xd8);
const QColor kHeaderFill(0xe8, 0xee, 0xf5);
const QColor kText(0x1f, 0x23, 0x28);

QColor toneColor(Tone tone) {
    switch (tone) {
        case Tone::Normal:
            return kText;
        case Tone::Muted:
        case Tone::Skip:
            return QColor(0x66, 0x66, 0x66);
        case Tone::Pass:
            return QColor(0x17, 0x62, 0x2b);
        case Tone::Fail:
            return QColor(0xa1, 0x1a, 0x1a);
        case Tone::Pending:
            return QColor(0x8a, 0x5a, 0x00);
    }
    return kText;
}

QFont font(qreal points, bool bold = false) {
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(points);
    f.setBold(bold);
    // No cosmetic ligatures: "fi" / "fl" stay two letters, so the PDF's text reads and searches
    // as typed (complex scripts still get the shaping they need).
    f.setStyleStrategy(QFont::PreferNoShaping);
    return f;
}

// The widest piece a token can be cut into at its preferred characters.
qreal widestPiece(const QString& token, const QFontMetricsF& fm) {
    qreal widest = 0;
    qsizetype start = 0;
    for (qsizetype i = 0; i < token.size(); ++i)
        if (preferredCut(token.at(i)) || i + 1 == token.size()) {
            widest = std::max(widest, fm.horizontalAdvance(token.mid(start, i + 1 - start)));
            start = i + 1;
        }
    return widest;
}

constexpr qreal kBodyPoints = 8.5, kSmallPoints = 7;

struct Line {
    QString text;
    QFont font;
    QColor color;
    qreal height = 0;
};

class Layouter {
  public:
    Layouter(const ReportDocument& doc, const QPaintDevice& device, QSizeF page)
        : doc_(doc), device_(device) {
        out_.pageSize = page;
        footerHeight_ = QFontMetricsF(small_, &device_).lineSpacing() + pt(10);
        bottom_ = page.height() - footerHeight_;
        out_.bodyBottom = bottom_;
        pad_ = pt(3);
    }

    LaidOutReport run() {
        titlePage();
        for (std::size_t i = 0; i < doc_.blocks.size(); ++i) {
            const auto& b = doc_.blocks[i];
            switch (b.kind) {
                case DocBlock::Kind::Heading:
                case DocBlock::Kind::SubHeading:
                    heading(b, i + 1 < doc_.blocks.size() ? &doc_.blocks[i + 1] : nullptr);
                    break;
                case DocBlock::Kind::Paragraph:
                    paragraph(b.text, body_, pt(6));
                    break;
                case DocBlock::Kind::Table:
                    table(b.table, static_cast<int>(i));
                    break;
                case DocBlock::Kind::Image:
                    image(b.image);
                    break;
            }
        }
        footers();
        return std::move(out_);
    }

  private:
    [[nodiscard]] qreal pt(qreal points) const { return points * device_.logicalDpiY() / 72.0; }
    [[nodiscard]] qreal width() const { return out_.pageSize.width(); }
    [[nodiscard]] QFontMetricsF metrics(const QFont& f) const { return {f, &device_}; }

    void newPage() {
        out_.pages.emplace_back();
        y_ = 0;
    }
    std::vector<PaintItem>& page() { return out_.pages.back(); }

    void text(const QRectF& rect, const QString& s, const QFont& f, const QColor& c,
              bool right = false) {
        PaintItem item;
        item.kind = PaintItem::Kind::Text;
        item.rect = rect;
        item.text = s;
        item.font = f;
        item.color = c;
        item.alignRight = right;
        page().push_back(std::move(item));
    }

    [[nodiscard]] const QFont& fontFor(const TextRun& run) const {
        if (run.small) return small_;
        return run.bold ? bold_ : body_;
    }

    std::vector<Line> lines(const TextRun& run, qreal w, const QFont* f = nullptr) const {
        const QFont& use = f ? *f : fontFor(run);
        const auto fm = metrics(use);
        std::vector<Line> out;
        for (const auto& l : wrapText(run.text, fm, w))
            out.push_back({l, use, toneColor(run.tone), fm.lineSpacing()});
        return out;
    }

    // Text across the page, line by line onto new pages as needed.
    void paragraph(const TextRun& run, const QFont& f, qreal after) {
        for (const auto& l : lines(run, width(), &f)) {
            if (y_ + l.height > bottom_ && y_ > 0) newPage();
            text(QRectF(0, y_, width(), l.height), l.text, l.font, l.color);
            y_ += l.height;
        }
        y_ += after;
    }

    void titlePage() {
        newPage();
        y_ = pt(110);
        paragraph({doc_.appName + QStringLiteral(" run report")}, font(15), pt(8));
        paragraph({doc_.title}, font(26, true), pt(28));
        qreal keyWidth = 0;
        for (const auto& [k, v] : doc_.facts)
            keyWidth = std::max(keyWidth, metrics(body_).horizontalAdvance(k));
        keyWidth += pt(14);
        for (const auto& [k, v] : doc_.facts) {
            TextRun value = v;
            value.bold = true;
            const auto ls = lines(value, width() - keyWidth);
            text(QRectF(0, y_, keyWidth, ls.front().height), k, body_, toneColor(Tone::Muted));
            for (const auto& l : ls) {
                text(QRectF(keyWidth, y_, width() - keyWidth, l.height), l.text, l.font, l.color);
                y_ += l.height;
            }
            y_ += pt(5);
        }
        newPage();
    }

    // The height the start of `block` needs: a heading is never left alone at a page's foot.
    qreal firstPieceHeight(const DocBlock& block) {
        switch (block.kind) {
            case DocBlock::Kind::Table: {
                if (block.table.rows.empty()) return 0;
                const auto widths = columnWidths(block.table);
                qreal h = rowHeight(block.table.rows.front(), widths);
                if (block.table.hasHeader()) h += rowHeight(headerCells(block.table), widths);
                return std::min(h, bottom_ / 2);
            }
            case DocBlock::Kind::Image:
                return imageHeight(block.image);
            default:
                return metrics(body_).lineSpacing() * 2;
        }
    }

    void heading(const DocBlock& b, const DocBlock* next) {
        const bool major = b.kind == DocBlock::Kind::Heading;
        const QFont& f = major ? h2_ : h3_;
        const qreal before = y_ > 0 ? pt(major ? 16 : 10) : 0;
        const qreal lineHeight = metrics(f).lineSpacing();
        const qreal needed = before + lineHeight + pt(8) + (next ? firstPieceHeight(*next) : 0);
        if (y_ + needed > bottom_ && y_ > 0)
            newPage();
        else
            y_ += before;
        for (const auto& l : lines({b.text.text}, width(), &f)) {
            text(QRectF(0, y_, width(), l.height), l.text, l.font, major ? kHeading : kText);
            y_ += l.height;
        }
        if (major) {
            PaintItem rule;
            rule.kind = PaintItem::Kind::Rule;
            rule.rect = QRectF(0, y_ + pt(1), width(), 0);
            rule.color = QColor(0xc9, 0xd6, 0xe3);
            page().push_back(std::move(rule));
        }
        y_ += pt(6);
    }

    static std::vector<DocCell> headerCells(const DocTable& t) {
        std::vector<DocCell> cells;
        for (const auto& c : t.columns)
            cells.push_back({{TextRun{c.header, Tone::Normal, true}}, kHeaderFill});
        return cells;
    }

    // Like a browser's automatic table layout: every column gets at least its widest word
    // (capped, long tokens are cut), the rest goes by how much wider each would like to be.
    std::vector<qreal> columnWidths(const DocTable& t) const {
        const std::size_t n = t.columns.size();
        std::vector<qreal> natural(n, 0), minimum(n, 0);
        auto measure = [&](std::size_t c, const TextRun& run) {
            const auto fm = metrics(fontFor(run));
            for (const auto& para : run.text.split(QLatin1Char('\n'))) {
                natural[c] = std::max(natural[c], fm.horizontalAdvance(para) + 2 * pad_);
                for (const auto& word : para.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                    // A word that fits a third of the page stays whole; a longer token may be
                    // cut at '_', '.', '-', '/' or ':'.
                    qreal w = fm.horizontalAdvance(word);
                    if (w > width() / 3) w = std::min(widestPiece(word, fm), width() / 3);
                    minimum[c] = std::max(minimum[c], w + 2 * pad_);
                }
            }
        };
        if (t.hasHeader())
            for (std::size_t c = 0; c < n; ++c)
                measure(c, {t.columns[c].header, Tone::Normal, true});
        for (const auto& row : t.rows)
            for (std::size_t c = 0; c < std::min(n, row.size()); ++c)
                for (const auto& run : row[c].lines)
                    measure(c, run);
        const qreal sumNatural = std::accumulate(natural.begin(), natural.end(), 0.0);
        const qreal sumMin = std::accumulate(minimum.begin(), minimum.end(), 0.0);
        std::vector<qreal> w(n, width() / static_cast<qreal>(n));
        if (sumNatural <= 0) return w;  // nothing to measure: equal columns
        if (sumNatural <= width()) {
            for (std::size_t c = 0; c < n; ++c)
                w[c] = natural[c] + (width() - sumNatural) * natural[c] / sumNatural;
        } else if (sumMin <= width()) {
            const qreal wish = sumNatural - sumMin;
            for (std::size_t c = 0; c < n; ++c)
                w[c] = minimum[c] + (width() - sumMin) * (natural[c] - minimum[c]) / wish;
        } else {
            for (std::size_t c = 0; c < n; ++c)
                w[c] = minimum[c] * width() / sumMin;
        }
        return w;
    }

    std::vector<std::vector<Line>> cellLines(const std::vector<DocCell>& row,
                                             const std::vector<qreal>& widths) const {
        std::vector<std::vector<Line>> out(widths.size());
        for (std::size_t c = 0; c < std::min(row.size(), widths.size()); ++c)
            for (const auto& run : row[c].lines)
                for (auto& l : lines(run, widths[c] - 2 * pad_))
                    out[c].push_back(std::move(l));
        return out;
    }

    qreal rowHeight(const std::vector<DocCell>& row, const std::vector<qreal>& widths) const {
        qreal h = 0;
        for (const auto& cell : cellLines(row, widths)) {
            qreal ch = 0;
            for (const auto& l : cell)
                ch += l.height;
            h = std::max(h, ch);
        }
        return h + 2 * pad_;
    }

    // Paints the lines of one row (all of them, or what fits of a row taller than a page).
    void placeRow(const std::vector<DocCell>& row, const std::vector<std::vector<Line>>& cells,
                  const std::vector<qreal>& widths, const DocTable& t, qreal height, int block,
                  int index) {
        qreal x = 0;
        for (std::size_t c = 0; c < widths.size(); ++c) {
            PaintItem box;
            box.kind = PaintItem::Kind::Box;
            box.rect = QRectF(x, y_, widths[c], height);
            box.color = kBorder;
            if (c < row.size()) box.fill = row[c].background;
            page().push_back(std::move(box));
            qreal ly = y_ + pad_;
            for (const auto& l : cells[c]) {
                text(QRectF(x + pad_, ly, widths[c] - 2 * pad_, l.height), l.text, l.font, l.color,
                     index >= 0 && t.columns[c].alignRight);
                ly += l.height;
            }
            x += widths[c];
        }
        out_.rows.push_back({block, index, static_cast<int>(out_.pages.size()) - 1,
                             QRectF(0, y_, width(), height)});
        y_ += height;
    }

    // The fonts of table text at `scale` of their size.
    void setTableScale(qreal scale) {
        body_ = font(kBodyPoints * scale);
        bold_ = font(kBodyPoints * scale, true);
        small_ = font(kSmallPoints * scale);
    }

    // The sum of the columns' narrowest widths: above the page width, words would be cut.
    qreal minimumTableWidth(const DocTable& t) const {
        qreal sum = 0;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            qreal widest = 0;
            auto measure = [&](const TextRun& run) {
                const auto fm = metrics(fontFor(run));
                for (const auto& word : run.text.split(QRegularExpression(QStringLiteral("[ \\n]")),
                                                       Qt::SkipEmptyParts)) {
                    qreal w = fm.horizontalAdvance(word);
                    if (w > width() / 3) w = std::min(widestPiece(word, fm), width() / 3);
                    widest = std::max(widest, w);
                }
            };
            if (t.hasHeader()) measure({t.columns[c].header, Tone::Normal, true});
            for (const auto& row : t.rows)
                if (c < row.size())
                    for (const auto& run : row[c].lines)
                        measure(run);
            sum += widest + 2 * pad_;
        }
        return sum;
    }

    void table(const DocTable& t, int block) {
        if (t.columns.empty()) return;
        // A table with many columns gets smaller text before any word has to be cut.
        for (const qreal scale : {1.0, 0.9, 0.8, 0.7}) {
            setTableScale(scale);
            if (minimumTableWidth(t) <= width()) break;
        }
        placeTable(t, block);
        setTableScale(1.0);
    }

    void placeTable(const DocTable& t, int block) {
        const auto widths = columnWidths(t);
        const auto header = headerCells(t);
        const auto headerLines = cellLines(header, widths);
        const qreal headerHeight = t.hasHeader() ? rowHeight(header, widths) : 0;
        auto putHeader = [&] {
            if (t.hasHeader()) placeRow(header, headerLines, widths, t, headerHeight, block, -1);
        };
        const qreal firstRow = t.rows.empty() ? 0 : rowHeight(t.rows.front(), widths);
        if (y_ + headerHeight + std::min(firstRow, bottom_ / 2) > bottom_ && y_ > 0) newPage();
        putHeader();
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const auto& row = t.rows[r];
            auto cells = cellLines(row, widths);
            const qreal h = rowHeight(row, widths);
            if (y_ + h <= bottom_) {
                placeRow(row, cells, widths, t, h, block, static_cast<int>(r));
                continue;
            }
            if (headerHeight + h <= bottom_) {  // fits on a page of its own: move it whole
                newPage();
                putHeader();
                placeRow(row, cells, widths, t, h, block, static_cast<int>(r));
                continue;
            }
            // Taller than a page: as many lines as fit, the rest on the next pages.
            while (true) {
                const qreal room = bottom_ - y_ - 2 * pad_;
                std::vector<std::vector<Line>> now(cells.size()), later(cells.size());
                qreal used = 0;
                bool more = false;
                for (std::size_t c = 0; c < cells.size(); ++c) {
                    qreal ch = 0;
                    for (auto& l : cells[c]) {
                        if (later[c].empty() && (ch + l.height <= room || now[c].empty())) {
                            ch += l.height;
                            now[c].push_back(std::move(l));
                        } else {
                            later[c].push_back(std::move(l));
                        }
                    }
                    used = std::max(used, ch);
                    more = more || !later[c].empty();
                }
                placeRow(row, now, widths, t, used + 2 * pad_, block, static_cast<int>(r));
                if (!more) break;
                cells = std::move(later);
                newPage();
                putHeader();
            }
        }
        y_ += pt(8);
    }

    [[nodiscard]] qreal imageHeight(const QImage& img) const {
        return img.isNull() ? 0 : width() * img.height() / img.width();
    }

    void image(const QImage& img) {
        if (img.isNull()) return;
        const qreal h = imageHeight(img);
        if (y_ + h > bottom_ && y_ > 0) newPage();
        PaintItem item;
        item.kind = PaintItem::Kind::Image;
        item.rect = QRectF(0, y_, width(), h);
        item.image = img;
        page().push_back(std::move(item));
        y_ += h + pt(8);
    }

    void footers() {
        const int total = static_cast<int>(out_.pages.size());
        const qreal h = metrics(small_).lineSpacing();
        const qreal top = out_.pageSize.height() - h;
        for (int i = 0; i < total; ++i) {
            auto& items = out_.pages[static_cast<std::size_t>(i)];
            PaintItem left;
            left.rect = QRectF(0, top, width() * 0.7, h);
            left.text = doc_.appName + QStringLiteral(" run report: ") + doc_.title;
            left.font = small_;
            left.color = toneColor(Tone::Muted);
            PaintItem right = left;
            right.rect = QRectF(width() * 0.7, top, width() * 0.3, h);
            right.text = QStringLiteral("page %1 of %2").arg(i + 1).arg(total);
            right.alignRight = true;
            items.push_back(std::move(left));
            items.push_back(std::move(right));
        }
    }

    const ReportDocument& doc_;
    const QPaintDevice& device_;
    LaidOutReport out_;
    QFont body_ = font(kBodyPoints), bold_ = font(kBodyPoints, true), small_ = font(kSmallPoints),
          h2_ = font(14, true), h3_ = font(11, true);
    qreal y_ = 0, bottom_ = 0, footerHeight_ = 0, pad_ = 0;
};

}  // namespace

LaidOutReport layoutReport(const ReportDocument& document, const QPaintDevice& device,
                           QSizeF pageSize) {
    return Layouter(document, device, pageSize).run();
}

void paintReport(const LaidOutReport& layout, QPagedPaintDevice& device) {
    QPainter p(&device);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    const qreal hairline = device.logicalDpiY() / 144.0;  // half a point
    for (std::size_t i = 0; i < layout.pages.size(); ++i) {
        if (i > 0) device.newPage();
        for (const auto& item : layout.pages[i]) {
            switch (item.kind) {
                case PaintItem::Kind::Text:
                    p.setFont(item.font);
                    p.setPen(item.color);
                    p.drawText(item.rect,
                               Qt::TextDontClip | Qt::AlignVCenter |
                                   (item.alignRight ? Qt::AlignRight : Qt::AlignLeft),
                               item.text);
                    break;
                case PaintItem::Kind::Box:
                    if (item.fill.isValid()) p.fillRect(item.rect, item.fill);
                    p.setPen(QPen(item.color, hairline));
                    p.setBrush(Qt::NoBrush);
                    p.drawRect(item.rect);
                    break;
                case PaintItem::Kind::Rule:
                    p.setPen(QPen(item.color, hairline * 2));
                    p.drawLine(item.rect.topLeft(), item.rect.topRight());
                    break;
                case PaintItem::Kind::Image:
                    p.drawImage(item.rect, item.image);
                    break;
            }
        }
    }
}

}  // namespace riverdelta::report
