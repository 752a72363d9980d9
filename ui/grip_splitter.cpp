#include "ui/grip_splitter.h"

#include <QPainter>
#include <QSplitterHandle>
#include <algorithm>

namespace riverdelta::ui {

namespace {

class GripHandle : public QSplitterHandle {
  public:
    GripHandle(Qt::Orientation orientation, QSplitter* parent)
        : QSplitterHandle(orientation, parent) {
        setAttribute(Qt::WA_Hover);
    }

  protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QPalette& pal = palette();
        const bool hot = underMouse();
        QColor band = pal.color(QPalette::Mid);
        band.setAlpha(hot ? 110 : 45);
        p.fillRect(rect(), band);
        p.setPen(Qt::NoPen);
        p.setBrush(hot ? pal.color(QPalette::Highlight) : pal.color(QPalette::Dark));
        const QPointF centre = QRectF(rect()).center();
        const bool across = orientation() == Qt::Horizontal;  // handle is a vertical band
        const qreal radius = std::max<qreal>(1.2, (across ? width() : height()) / 5.0);
        for (int i = -2; i <= 2; ++i) {
            const qreal step = i * radius * 3.2;
            p.drawEllipse(across ? QPointF(centre.x(), centre.y() + step)
                                 : QPointF(centre.x() + step, centre.y()),
                          radius, radius);
        }
    }
};

}  // namespace

GripSplitter::GripSplitter(Qt::Orientation orientation, QWidget* parent)
    : QSplitter(orientation, parent) {
    setHandleWidth(std::max(8, handleWidth()));
}

QSplitterHandle* GripSplitter::createHandle() {
    return new GripHandle(orientation(), this);
}

}  // namespace riverdelta::ui
