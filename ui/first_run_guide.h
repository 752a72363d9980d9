#pragma once

#include <QFrame>
#include <QPointer>
#include <array>

class QLabel;
class QPushButton;
class QSettings;
class QTimer;

namespace riverdelta::ui {

// A short, non-modal guide for the first start that walks through the four controls to try, one
// step at a time (Start all, the charts, the topics view, Enable sync). Over a QMainWindow it is a
// strip docked above the window's content, so it hides neither the controls nor the chart (its
// newest part and legend included); over another window, a panel in the bottom-right corner.
// The window stays fully usable. A step whose target widget is known (setTarget) can highlight
// it ("Show me") and advances by itself when the user does it: clicks Start all (or its
// shortcut), uses the chart, opens the topics view, clicks Enable sync (which ends the guide).
class FirstRunGuide : public QFrame {
    Q_OBJECT
  public:
    enum class Step { StartAll = 0, Charts, Topics, EnableSync };
    static constexpr int kStepCount = 4;
    // The settings key that records that the guide was shown.
    static constexpr const char* kShownKey = "firstRun/guideShown";

    explicit FirstRunGuide(QWidget* window);

    // Shows a guide over `window` unless `settings` records that one was shown before, and
    // records it. Returns the guide, or nullptr when it is not the first start.
    static FirstRunGuide* showOnFirstRun(QWidget* window, QSettings& settings);

    void setTarget(Step step, QWidget* target);
    // Finds the targets by what the window shows: the buttons labelled "Start all" and
    // "Enable sync", and the widgets named (objectName) "charts" and "topics". Steps whose
    // target is not found keep naming the control only.
    void findTargets(QWidget* root);
    [[nodiscard]] QWidget* target(Step step) const;
    [[nodiscard]] int currentStep() const { return current_; }
    [[nodiscard]] QString stepTitle() const;
    [[nodiscard]] QString stepText() const;
    // The frame drawn around the current target by showTarget(), or nullptr before the first.
    [[nodiscard]] QWidget* highlight() const { return highlight_; }

    // The dock holding the guide over a QMainWindow, else nullptr.
    [[nodiscard]] QWidget* dock() const { return dock_; }
    void setVisible(bool visible) override;

  public slots:
    void next();
    void back();
    void dismiss();  // hides the guide and its highlight
    void restart();  // shows the guide again from the first step
    // Makes the current step's target visible (switching tabs if needed) and outlines it.
    void showTarget();

  signals:
    void stepChanged(int step);
    void dismissed();

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void showStep(int step);
    void reposition();
    void arrange(bool wide);
    void watch(int step, QWidget* target);
    void performed(int step);  // the user did `step` (or its control) themselves

    QWidget* window_;
    int current_ = 0;
    std::array<QPointer<QWidget>, kStepCount> targets_{};
    QLabel* progress_;
    QLabel* title_;
    QLabel* text_;
    QPushButton* showMe_;
    QPushButton* back_;
    QPushButton* next_;
    QWidget* highlight_ = nullptr;
    QTimer* highlightTimer_;
    QWidget* dock_ = nullptr;
    QWidget* dismissButton_ = nullptr;
    bool revealing_ = false;  // Show me switches tabs: that is not the user doing the step
};

}  // namespace riverdelta::ui
