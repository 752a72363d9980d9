#pragma once

#include <QSplitter>

namespace riverdelta::ui {

// A QSplitter whose handles can be seen: a band a little wider than the style's default with a
// row of grip dots in the middle, darker under the mouse, so people find where to drag.
class GripSplitter : public QSplitter {
    Q_OBJECT
  public:
    explicit GripSplitter(Qt::Orientation orientation, QWidget* parent = nullptr);

  protected:
    QSplitterHandle* createHandle() override;
};

}  // namespace riverdelta::ui
