#include "ui/projector_view.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QShortcut>
#include <QVBoxLayout>
#include <algorithm>
#include <map>

#include "models/engine_bridge.h"
#include "models/pipeline_model.h"
#include "ui/elided_label.h"
#include "ui/state_colors.h"
#include "ui/throughput_chart.h"

namespace riverdelta::ui {

namespace {

// Sizes relative to the console's font, so presentation mode scales the projector too.
constexpr double kCountScale = 2.4;
constexpr double kTitleScale = 1.5;
constexpr double kChipScale = 1.25;
constexpr int kTileColumns = 4;

}  // namespace

ProjectorView::ProjectorView(models::EngineBridge& bridge, models::ThroughputHistory& history,
                             models::PipelineModel& pipeline, QWidget* window,
                             const ThroughputChart* like)
    : QWidget(window),
      bridge_(bridge),
      history_(history),
      pipeline_(pipeline),
      window_(window),
      windowStateBefore_(window->windowState()),
      title_(new QLabel(this)),
      hint_(new QLabel(tr("Esc or F11 leaves the projector view"), this)),
      ribbon_(new QWidget(this)),
      ribbonLayout_(new QHBoxLayout(ribbon_)),
      chart_(new ThroughputChart(history, this)),
      tiles_(new QWidget(this)),
      tilesLayout_(new QGridLayout(tiles_)) {
    setObjectName(QStringLiteral("projector"));
    setAutoFillBackground(true);
    setFocusPolicy(Qt::StrongFocus);
    title_->setObjectName(QStringLiteral("projectorTitle"));
    hint_->setObjectName(QStringLiteral("projectorHint"));
    hint_->setForegroundRole(QPalette::PlaceholderText);
    hint_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    ribbon_->setObjectName(QStringLiteral("stageRibbon"));
    ribbonLayout_->setContentsMargins(0, 0, 0, 0);
    chart_->setObjectName(QStringLiteral("projectorChart"));
    // The tiles below carry the totals and rates in large type: the chart's own line of them
    // would only wrap in a small window.
    chart_->setTotalsLineVisible(false);
    if (like) {
        chart_->setMetric(like->shownMetric());
        chart_->setWindow(like->window());
        chart_->setScale(like->scale());
    }
    tiles_->setObjectName(QStringLiteral("totals"));
    tilesLayout_->setContentsMargins(0, 0, 0, 0);
    tilesLayout_->setHorizontalSpacing(24);

    auto* header = new QHBoxLayout;
    header->addWidget(title_);
    header->addStretch(1);
    header->addWidget(hint_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(ribbon_);  // a row of its own: the stage names are never squeezed
    layout->addWidget(chart_, 1);
    layout->addWidget(tiles_);

    auto* leave = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    leave->setContext(Qt::WindowShortcut);
    connect(leave, &QShortcut::activated, this, &ProjectorView::closeRequested);

    connect(&pipeline_, &models::PipelineModel::scenarioReloaded, this,
            &ProjectorView::rebuildStages);
    connect(&pipeline_, &models::PipelineModel::scenarioInfoChanged, this,
            &ProjectorView::updateStages);
    connect(&pipeline_, &QAbstractItemModel::dataChanged, this, &ProjectorView::updateStages);
    connect(&bridge_, &models::EngineBridge::polled, this, &ProjectorView::updateTotals);

    applyFonts();
    rebuildStages();
    updateTotals();

    window_->installEventFilter(this);
    window_->setWindowState(windowStateBefore_ | Qt::WindowFullScreen);
    cover();
    show();
    raise();
    setFocus();
}

ProjectorView::~ProjectorView() {
    leave();
}

void ProjectorView::leave() {
    if (left_) return;
    left_ = true;
    window_->removeEventFilter(this);
    window_->setWindowState(windowStateBefore_);
    hide();
}

QLabel* ProjectorView::totalLabel(const QString& name) const {
    for (std::size_t i = 0; i < totals_.size() && i < tileWidgets_.size(); ++i)
        if (totals_[i].name == name) return tileWidgets_[i].count;
    return nullptr;
}

QStringList ProjectorView::stageTexts() const {
    QStringList out;
    for (const QLabel* chip : chips_)
        out << chip->text();
    return out;
}

std::vector<ProjectorView::Total> ProjectorView::totalsOf(const run::ScenarioStatus& scenario) {
    std::map<QString, std::uint64_t> topics, captures, tables;
    for (const auto& t : scenario.topics)
        topics[QString::fromStdString(t.topic)] = t.messages;
    for (const auto& c : scenario.captures)
        for (const auto& e : c.tableEvents)
            if (!topics.contains(QString::fromStdString(e.topic)))
                captures[QString::fromStdString(e.topic)] += e.events;
    for (const auto& g : scenario.generators)
        if (g.table) tables[QString::fromStdString(g.target)] += g.acknowledged;
    std::vector<Total> out;
    out.reserve(topics.size() + captures.size() + tables.size());
    for (const auto& [name, count] : topics)
        out.push_back({name, tr("messages"), count});
    for (const auto& [name, count] : captures)
        out.push_back({name, tr("change events"), count});
    for (const auto& [name, count] : tables)
        out.push_back({name, tr("rows written"), count});
    return out;
}

void ProjectorView::rebuildStages() {
    while (auto* item = ribbonLayout_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    chips_.clear();
    const QStringList& stages = pipeline_.stages();
    for (int i = 0; i < stages.size(); ++i) {
        if (i > 0) {
            auto* arrow = new QLabel(QStringLiteral("→"), ribbon_);
            arrow->setForegroundRole(QPalette::PlaceholderText);
            ribbonLayout_->addWidget(arrow);
        }
        auto* chip = new QLabel(ribbon_);
        chip->setObjectName(QStringLiteral("ribbonStage%1").arg(i));
        chip->setAlignment(Qt::AlignCenter);
        chip->setAutoFillBackground(true);
        chip->setMargin(4);
        chip->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
        ribbonLayout_->addWidget(chip);
        chips_.push_back(chip);
    }
    ribbonLayout_->addStretch(1);
    applyFonts();
    updateStages();
}

void ProjectorView::updateStages() {
    const auto& scenario = pipeline_.scenario();
    title_->setText(scenario.loaded ? QString::fromStdString(scenario.name) : QString());
    if (static_cast<int>(chips_.size()) != pipeline_.stages().size()) return;  // rebuild follows
    const QPalette& p = palette();
    for (std::size_t i = 0; i < chips_.size(); ++i) {
        const int stage = static_cast<int>(i);
        bool any = false, done = scenario.runExists;
        for (const auto& g : scenario.generators)
            if (g.stage == stage) {
                any = true;
                done = done && g.state == run::StreamState::Done;
            }
        done = done && any;
        const bool current = scenario.runExists && scenario.currentStage == stage && !done;
        const QString name = pipeline_.stages()[stage];
        QLabel* chip = chips_[i];
        chip->setText(done ? QStringLiteral("✓ ") + name
                           : QStringLiteral("%1  %2").arg(stage + 1).arg(name));
        chip->setProperty("current", current);
        chip->setProperty("done", done);
        // Palette roles, not a style sheet: a style sheet would pin the font.
        QPalette chipPalette = p;
        if (current) {
            chipPalette.setColor(QPalette::Window, p.color(QPalette::Highlight));
            chipPalette.setColor(QPalette::WindowText, p.color(QPalette::HighlightedText));
        } else {
            chipPalette.setColor(QPalette::Window, p.color(QPalette::Button));
            chipPalette.setColor(QPalette::WindowText, done ? readable(p, QColor(0x15, 0x65, 0xc0),
                                                                       QColor(0x82, 0xb1, 0xff))
                                                            : p.color(QPalette::ButtonText));
        }
        if (chip->palette() != chipPalette) chip->setPalette(chipPalette);
    }
}

void ProjectorView::updateTotals() {
    auto totals = totalsOf(bridge_.snapshot().scenario);
    const bool sameNames =
        totals.size() == totals_.size() &&
        std::equal(totals.begin(), totals.end(), totals_.begin(),
                   [](const Total& a, const Total& b) { return a.name == b.name; });
    totals_ = std::move(totals);
    if (!sameNames) rebuildTiles();
    const QLocale locale;
    for (std::size_t i = 0; i < totals_.size() && i < tileWidgets_.size(); ++i) {
        const QString text = locale.toString(static_cast<qulonglong>(totals_[i].count));
        if (tileWidgets_[i].count->text() != text) tileWidgets_[i].count->setText(text);
        // The rate now, from the chart's history: the same window as its lines.
        // A word joiner after the slash: a wrapped line breaks before the rate, not inside it
        // ("1,501/" above "s").
        const QString rate =
            ThroughputChart::shortRateText(history_.rate(totals_[i].name).eventsPerSecond)
                .replace(QLatin1Char('/'), QStringLiteral("/\u2060"));
        const QString unit = QStringLiteral("%1 · %2").arg(totals_[i].unit, rate);
        if (tileWidgets_[i].unit->text() != unit) tileWidgets_[i].unit->setText(unit);
    }
}

void ProjectorView::rebuildTiles() {
    for (const Tile& t : tileWidgets_) {
        delete t.name;
        delete t.count;
        delete t.unit;
    }
    tileWidgets_.clear();
    for (std::size_t i = 0; i < totals_.size(); ++i) {
        const int row = static_cast<int>(i) / kTileColumns * 3;
        const int column = static_cast<int>(i) % kTileColumns;
        Tile tile;
        tile.name = new ElidedLabel(tiles_);
        tile.name->setText(totals_[i].name);
        tile.name->setToolTip(totals_[i].name);
        tile.count = new QLabel(tiles_);
        tile.count->setObjectName(QStringLiteral("total:") + totals_[i].name);
        tile.unit = new QLabel(totals_[i].unit, tiles_);
        tile.unit->setForegroundRole(QPalette::PlaceholderText);
        // "change events · 40/min" is wider than a tile on a 1024-pixel projector: the rate
        // goes to a second line rather than off the edge.
        tile.unit->setWordWrap(true);
        tilesLayout_->addWidget(tile.name, row, column);
        tilesLayout_->addWidget(tile.count, row + 1, column);
        tilesLayout_->addWidget(tile.unit, row + 2, column);
        tileWidgets_.push_back(tile);
    }
    for (int c = 0; c < kTileColumns; ++c)
        tilesLayout_->setColumnStretch(c, 1);
    applyFonts();
}

void ProjectorView::applyFonts() {
    // Derived from this widget's font, which follows the application's (presentation mode).
    const QFont base = font();
    QFont title = base;
    title.setBold(true);
    title.setPointSizeF(base.pointSizeF() * kTitleScale);
    title_->setFont(title);
    QFont chip = base;
    chip.setBold(true);
    chip.setPointSizeF(base.pointSizeF() * kChipScale);
    for (QLabel* c : chips_)
        c->setFont(chip);
    QFont count = base;
    count.setBold(true);
    count.setPointSizeF(base.pointSizeF() * kCountScale);
    QFont name = base;
    name.setPointSizeF(base.pointSizeF() * kChipScale);
    for (const Tile& t : tileWidgets_) {
        t.count->setFont(count);
        t.name->setFont(name);
    }
}

void ProjectorView::cover() {
    setGeometry(window_->rect());
}

bool ProjectorView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == window_ && event->type() == QEvent::Resize) cover();
    return QWidget::eventFilter(watched, event);
}

void ProjectorView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) applyFonts();
    if (event->type() == QEvent::PaletteChange) updateStages();
}

}  // namespace riverdelta::ui
