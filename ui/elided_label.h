#pragma once

#include <QLabel>

namespace riverdelta::ui {

// A one-line label that shrinks with "…" instead of overlapping its neighbours (status bar);
// the full text stays in text() and the tooltip.
class ElidedLabel : public QLabel {
    Q_OBJECT
  public:
    using QLabel::QLabel;
    QSize minimumSizeHint() const override;

  protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

  private:
    void updateToolTip(const QString& shown);
    QString autoToolTip_;  // the tooltip this label set itself (the elided text in full)
};

}  // namespace riverdelta::ui
