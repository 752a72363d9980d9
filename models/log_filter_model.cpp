#include "models/log_filter_model.h"

#include "models/log_model.h"

namespace riverdelta::models {

LogFilterModel::LogFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {}

void LogFilterModel::setMinimumLevel(core::LogLevel level) {
    if (level == minimum_) return;
    minimum_ = level;
    invalidateFilter();
}

void LogFilterModel::setSearchText(const QString& text) {
    if (text == text_) return;
    text_ = text;
    invalidateFilter();
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QAbstractItemModel* m = sourceModel();
    const QModelIndex level = m->index(sourceRow, LogModel::LevelColumn, sourceParent);
    if (m->data(level, LogModel::LevelRole).toInt() < static_cast<int>(minimum_)) return false;
    if (text_.isEmpty()) return true;
    for (int column : {LogModel::SourceColumn, LogModel::MessageColumn})
        if (m->data(m->index(sourceRow, column, sourceParent))
                .toString()
                .contains(text_, Qt::CaseInsensitive))
            return true;
    return false;
}

}  // namespace riverdelta::models
