#include "ui/font_scale.h"

#include <QApplication>
#include <QWidget>
#include <vector>

namespace riverdelta::ui {

namespace {

// Whether `w` chose its text size itself rather than inheriting it (a parent with an explicit
// size passes its size bit on to its children's fonts, at the same size).
bool setsOwnSize(const QWidget* w) {
    if (!w->testAttribute(Qt::WA_SetFont)) return false;
    const QFont& f = w->font();
    if (!(f.resolveMask() & QFont::SizeResolved)) return false;
    const QWidget* parent = w->isWindow() ? nullptr : w->parentWidget();
    if (!parent) return true;
    const QFont& p = parent->font();
    return !(p.resolveMask() & QFont::SizeResolved) || p.pointSizeF() != f.pointSizeF() ||
           p.pixelSize() != f.pixelSize();
}

QFont scaled(QFont f, double ratio) {
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * ratio);
    else if (f.pixelSize() > 0)
        f.setPixelSize(qRound(f.pixelSize() * ratio));
    return f;
}

}  // namespace

void scaleApplicationFont(const QFont& normal, double from, double to) {
    if (!(from > 0) || !(to > 0)) return;
    // Decide before changing anything: a parent's new size would blur the test for its children.
    std::vector<QWidget*> ownSize, styled;
    for (QWidget* w : QApplication::allWidgets()) {
        if (setsOwnSize(w))
            ownSize.push_back(w);
        else if (w->testAttribute(Qt::WA_StyleSheet) && !w->styleSheet().isEmpty())
            styled.push_back(w);
    }
    // Own sizes first: a widget that derives its children's sizes from its font when the
    // application font changes (the projector's totals) then has the last word.
    const double ratio = to / from;
    if (ratio != 1)
        for (QWidget* w : ownSize)
            w->setFont(scaled(w->font(), ratio));
    QFont app = normal;
    app.setPointSizeF(normal.pointSizeF() * to);
    QApplication::setFont(app);
    // Setting the same sheet again makes Qt resolve the widget's font anew.
    for (QWidget* w : styled)
        w->setStyleSheet(w->styleSheet());
}

}  // namespace riverdelta::ui
