#include "ui/first_run_guide.h"

#include <QAbstractButton>
#include <QAction>
#include <QCoreApplication>
#include <QDockWidget>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMainWindow>
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
// What each step says is what the console shows at that point (nothing promised that a view
// does not draw).
constexpr std::array<StepText, FirstRunGuide::kStepCount> kSteps{{
    {QT_TRANSLATE_NOOP("FirstRunGuide", "Press Start all"),
     QT_TRANSLATE_NOOP("FirstRunGuide",
                       "<b>Start all</b> runs the scenario's stages in order: its tables into "
                       "PostgreSQL first, then its topics into Kafka. Each stream's row in the "
                       "pipeline shows its progress and state.")},
    {QT_TRANSLATE_NOOP("FirstRunGuide", "Watch the charts"),
     QT_TRANSLATE_NOOP("FirstRunGuide",
                       "The <b>charts</b> on the Throughput tab draw messages per second for each "
                       "topic while the data flows. Hover a line for its value; click a legend "
                       "entry to hide that topic.")},
    {QT_TRANSLATE_NOOP("FirstRunGuide", "Open the topics view"),
     QT_TRANSLATE_NOOP("FirstRunGuide",
                       "The <b>Topics</b> view lists the Kafka topics with their message counts; "
                       "pick one to read its newest messages.")},
    {QT_TRANSLATE_NOOP("FirstRunGuide", "Enable sync"),
     QT_TRANSLATE_NOOP("FirstRunGuide",
                       "<b>Enable sync</b> on a topic turns it into a Delta Lake table, the way "
                       "Confluent Tableflow does; the Lake sync tab shows its state, version, "
                       "rows and lag.")},
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
    dismissButton_ = dismissButton;

    if (auto* main = qobject_cast<QMainWindow*>(window)) {
        // A strip above the content: it takes room from the window rather than covering any.
        auto* dock = new QDockWidget(main);
        dock->setObjectName(QStringLiteral("firstRunGuideDock"));
        dock->setFeatures(QDockWidget::NoDockWidgetFeatures);
        dock->setTitleBarWidget(new QWidget(dock));
        dock->setWidget(this);
        main->addDockWidget(Qt::TopDockWidgetArea, dock);
        dock_ = dock;
        dock->hide();
        arrange(true);
    } else {
        arrange(false);
    }

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

void FirstRunGuide::arrange(bool wide) {
    delete layout();
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(showMe_);
    buttons->addStretch(1);
    buttons->addWidget(back_);
    buttons->addWidget(next_);
    if (wide) {
        // One strip: what to do on the left, the buttons on the right.
        auto* words = new QVBoxLayout;
        auto* heading = new QHBoxLayout;
        heading->addWidget(title_);
        heading->addWidget(progress_, 1);
        words->addLayout(heading);
        words->addWidget(text_);
        auto* layout = new QHBoxLayout(this);
        layout->addLayout(words, 1);
        layout->addSpacing(12);
        layout->addLayout(buttons);
        layout->addWidget(dismissButton_, 0, Qt::AlignTop);
        setMinimumWidth(0);
        setMaximumWidth(QWIDGETSIZE_MAX);
        return;
    }
    auto* header = new QHBoxLayout;
    header->addWidget(progress_, 1);
    header->addWidget(dismissButton_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(title_);
    layout->addWidget(text_);
    layout->addLayout(buttons);
    setFixedWidth(340);
}

void FirstRunGuide::setVisible(bool visible) {
    if (dock_) dock_->setVisible(visible);
    QFrame::setVisible(visible);
}

void FirstRunGuide::watch(int step, QWidget* target) {
    // Buttons count when clicked (a tool button also when its action fires, e.g. by F5);
    // panels when the user brings them up or uses them.
    if (auto* tool = qobject_cast<QToolButton*>(target); tool && tool->defaultAction()) {
        connect(tool->defaultAction(), &QAction::triggered, this,
                [this, step] { performed(step); });
        return;
    }
    if (auto* button = qobject_cast<QAbstractButton*>(target)) {
        connect(button, &QAbstractButton::clicked, this, [this, step] { performed(step); });
        return;
    }
    // Opening the tab that holds the panel (not the window showing it, not Show me).
    QWidget* child = target;
    for (QWidget* parent = target->parentWidget(); parent;
         child = parent, parent = parent->parentWidget()) {
        auto* tabs = qobject_cast<QTabWidget*>(parent->parentWidget());
        if (!tabs || !qobject_cast<QStackedWidget*>(parent)) continue;
        connect(tabs, &QTabWidget::currentChanged, this, [this, step, tabs, page = child] {
            if (!revealing_ && tabs->currentWidget() == page) performed(step);
        });
    }
    target->setProperty("firstRunStep", step);
    target->installEventFilter(this);
    for (QWidget* w : target->findChildren<QWidget*>()) {
        w->setProperty("firstRunStep", step);
        w->installEventFilter(this);
    }
}

void FirstRunGuide::performed(int step) {
    if (!isVisible() || step != current_) return;
    if (step + 1 >= kStepCount)
        dismiss();
    else
        showStep(step + 1);
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
    if (targets_[static_cast<std::size_t>(step)] == target) return;
    targets_[static_cast<std::size_t>(step)] = target;
    if (target) watch(static_cast<int>(step), target);
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
    revealing_ = true;
    reveal(target);
    revealing_ = false;
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
    if (!dock_) adjustSize();  // docked, the window's layout gives it the full width
    reposition();
    emit stepChanged(step);
}

void FirstRunGuide::reposition() {
    if (dock_) return;  // the main window's layout places it
    const int margin = 16;
    // Above the status bar of a main window: keep clear of its bottom strip.
    const int bottom = window_->height() - margin - 28;
    move(qMax(margin, window_->width() - width() - margin), qMax(margin, bottom - height()));
}

bool FirstRunGuide::eventFilter(QObject* watched, QEvent* event) {
    if (watched == window_ && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        reposition();
    else if (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::Wheel) {
        // The user clicked into or scrolled a panel a step points at.
        const QVariant step = watched->property("firstRunStep");
        if (step.isValid()) performed(step.toInt());
    }
    return QFrame::eventFilter(watched, event);
}

}  // namespace riverdelta::ui
