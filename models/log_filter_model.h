#pragma once

#include <QSortFilterProxyModel>

#include "engine/core/log.h"

namespace riverdelta::models {

// Shows log entries at or above a level whose source or message contains a text (any case).
class LogFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
  public:
    explicit LogFilterModel(QObject* parent = nullptr);

    void setMinimumLevel(core::LogLevel level);
    void setSearchText(const QString& text);
    [[nodiscard]] core::LogLevel minimumLevel() const { return minimum_; }

  protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

  private:
    core::LogLevel minimum_ = core::LogLevel::Debug;
    QString text_;
};

}  // namespace riverdelta::models
