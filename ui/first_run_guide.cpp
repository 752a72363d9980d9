#include "ui/first_run_guide.h"

#include <QAbstractButton>
#include <QCoreApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace riverdelta::ui {

namespace {

struct StepText {
    const char* title;
    const char* text;
};

// The controls are named by the text they show in the window.
constexpr std::array<StepText, FirstRunGuide::kStepCount> kSteps{{
    {QT_TRANSLATE_NOOP("FirstRunGuide", "Press Start all"),
     QT_TRANSLATE_NOOP("FirstRunGuide",
                       "<b>Start all</b> runs the built-in River Hotels scenario on the local "
                       "sandbox: 1,000 customers and 30 hotels into PostgreSQL first, then clicks, "
                       "bookings and reviews into Kafka.")},
    {QT_TRANSLATE_NOOP("FirstRunGuide", "Watch the charts"),
     QT_TRANSLATE_NOOP("FirstRunGuide",
                       "The <b>charts</b> show events per second and totals for every topic and "
                       "table while the data flows.")},
    {QT_TRANSLATE_NOOP("FirstRunGuide", "Open the topics view"),
     QT_TRANSLATE_NOOP("FirstRunGuide",
                       "The <b>Topics</b> view lists the Kafka topics with their messages; pick "
                       "one to see its newest records.")},
    {QT_TRANSLATE_NOOP("FirstRunGuide", "Enable sync"),
     QT_TRANSLATE_NOOP("FirstRunGuide",
                       "<b>Enable sync</b> on a topic turns it into a Delta Lake table, the way "
                       "Confluent Tableflow does; its version, rows and lag appear beside it.")},
}};

// An outline drawn over the window around the widget a step points at; it lets clicks through.
class Highlight : public QWidget {
  public:
    explicit Highlight(QWidget* window) : QWidget(window) {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setAttribute(Qt::WA_NoSystemBackground);
        setObjectName(QStringLiteral("firstRunHighlight"));
        hide();
    }

  protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(QColor(QStringLiteral("#f59e0b")), 3));
        p.drawRoundedRect(QRectF(rect()).adjusted(1.5, 1.5, -1.5, -1.5), 6, 6);
    }
};

// Brings `target` to the front: the tab or stacked page holding it becomes the current one.
void reveal(QWidget* target) {
    QWidget* child = target;
    for (QWidget* parent = target->parentWidget(); parent;
         child = parent, parent = parent->parentWidget()) {
        auto* stack = qobject_cast<QStackedWidget*>(parent);
        if (!stack) continue;
        if (auto* tabs = qobject_cast<QTabWidget*>(stack->parentWidget()))
            tabs->setCurrentWidget(child);
        else
            stack->setCurrentWidget(child);
    }
}

}  // namespace

FirstRunGuide::FirstRunGuide(QWidget* window)
    : QFrame(window),
      window_(window),
      progress_(new QLabel(this)),
      title_(new QLabel(this)),
      text_(new QLabel(this)),
      showMe_(new QPushButton(tr("Show me"), this)),
      back_(new QPushButton(tr("Back"), this)),
      next_(new QPushButton(this)),
      highlightTimer_(new QTimer(this)) {
    setObjectName(QStringLiteral("firstRunGuide"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setStyleSheet(
        QStringLiteral("#firstRunGuide { border: 1px solid #2563eb; border-radius: 8px; "
                       "background: palette(base); }"));

    progress_->setObjectName(QStringLiteral("progress"));
    title_->setObjectName(QStringLiteral("title"));
    QFont bold = title_->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    title_->setFont(bold);
    text_->setObjectName(QStringLiteral("text"));
    text_->setWordWrap(true);
    text_->setTextFormat(Qt::RichText);
    showMe_->setObjectName(QStringLiteral("showMe"));
    back_->setObjectName(QStringLiteral("back"));
    next_->setObjectName(QStringLiteral("next"));
    next_->setDefault(true);
    auto* dismissButton = new QToolButton(this);
    dismissButton->setObjectName(QStringLiteral("dismiss"));
    dismissButton->setText(QStringLiteral("✕"));
    dismissButton->setToolTip(tr("Close the guide"));
    dismissButton->setAutoRaise(true);

    auto* header = new QHBoxLayout;
    header->addWidget(progress_, 1);
    header->addWidget(dismissButton);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(showMe_);
    buttons->addStretch(1);
    buttons->addWidget(back_);
    buttons->addWidget(next_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(title_);
    layout->addWidget(text_);
    layout->addLayout(buttons);
    setFixedWidth(340);

    connect(showMe_, &QPushButton::clicked, this, &FirstRunGuide::showTarget);
    connect(back_, &QPushButton::clicked, this, &FirstRunGuide::back);
    connect(next_, &QPushButton::clicked, this, &FirstRunGuide::next);
    connect(dismissButton, &QToolButton::clicked, this, &FirstRunGuide::dismiss);
    highlightTimer_->setSingleShot(true);
    highlightTimer_->setInterval(2500);
    connect(highlightTimer_, &QTimer::timeout, this, [this] {
        if (highlight_) highlight_->hide();
    });

    window_->installEventFilter(this);
    showStep(0);
}

FirstRunGuide* FirstRunGuide::showOnFirstRun(QWidget* window, QSettings& settings) {
    if (settings.value(QLatin1String(kShownKey), false).toBool()) return nullptr;
    settings.setValue(QLatin1String(kShownKey), true);
    settings.sync();
    auto* guide = new FirstRunGuide(window);
    guide->show();
    guide->raise();
    return guide;
}

void FirstRunGuide::setTarget(Step step, QWidget* target) {
    targets_[static_cast<std::size_t>(step)] = target;
    if (static_cast<int>(step) == current_) showStep(current_);
}

void FirstRunGuide::findTargets(QWidget* root) {
    // Buttons by their text ("Enable sync…" counts as "Enable sync"), panels by object name
    // (the console's tab names first).
    auto button = [root](const QString& text) -> QWidget* {
        for (auto* b : root->findChildren<QAbstractButton*>())
            if (b->text().remove(QLatin1Char('&')).startsWith(text)) return b;
        return nullptr;
    };
    auto named = [root](std::initializer_list<const char*> names) -> QWidget* {
        for (const char* name : names)
            if (auto* w = root->findChild<QWidget*>(QString::fromLatin1(name))) return w;
        return nullptr;
    };
    const std::array<QWidget*, kStepCount> found{
        button(QStringLiteral("Start all")),
        named({"panel:throughput", "charts"}),
        named({"panel:topics", "topics"}),
        button(QStringLiteral("Enable sync")),
    };
    for (int i = 0; i < kStepCount; ++i)
        if (found[static_cast<std::size_t>(i)])
            setTarget(static_cast<Step>(i), found[static_cast<std::size_t>(i)]);
}

QWidget* FirstRunGuide::target(Step step) const {
    return targets_[static_cast<std::size_t>(step)];
}

QString FirstRunGuide::stepTitle() const {
    return title_->text();
}

QString FirstRunGuide::stepText() const {
    return text_->text();
}

void FirstRunGuide::next() {
    if (current_ + 1 >= kStepCount) {
        dismiss();
        return;
    }
    showStep(current_ + 1);
}

void FirstRunGuide::back() {
    if (current_ > 0) showStep(current_ - 1);
}

void FirstRunGuide::dismiss() {
    highlightTimer_->stop();
    if (highlight_) highlight_->hide();
    hide();
    emit dismissed();
}

void FirstRunGuide::restart() {
    showStep(0);
    show();
    raise();
}

void FirstRunGuide::showTarget() {
    QWidget* target = targets_[static_cast<std::size_t>(current_)];
    if (!target) return;
    reveal(target);
    if (!highlight_) highlight_ = new Highlight(window_);
    const QPoint topLeft = target->mapTo(window_, QPoint(0, 0));
    highlight_->setGeometry(QRect(topLeft, target->size()).adjusted(-4, -4, 4, 4));
    highlight_->show();
    highlight_->raise();
    raise();
    highlightTimer_->start();
}

void FirstRunGuide::showStep(int step) {
    current_ = step;
    const auto& s = kSteps[static_cast<std::size_t>(step)];
    progress_->setText(tr("Getting started · %1 of %2").arg(step + 1).arg(kStepCount));
    title_->setText(QCoreApplication::translate("FirstRunGuide", s.title));
    text_->setText(QCoreApplication::translate("FirstRunGuide", s.text));
    back_->setEnabled(step > 0);
    next_->setText(step + 1 == kStepCount ? tr("Done") : tr("Next"));
    showMe_->setVisible(targets_[static_cast<std::size_t>(step)] != nullptr);
    if (highlight_) highlight_->hide();
    adjustSize();
    reposition();
    emit stepChanged(step);
}

void FirstRunGuide::reposition() {
    const int margin = 16;
    // Above the status bar of a main window: keep clear of its bottom strip.
    const int bottom = window_->height() - margin - 28;
    move(qMax(margin, window_->width() - width() - margin), qMax(margin, bottom - height()));
}

bool FirstRunGuide::eventFilter(QObject* watched, QEvent* event) {
    if (watched == window_ && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        reposition();
    return QFrame::eventFilter(watched, event);
}

}  // namespace riverdelta::ui
