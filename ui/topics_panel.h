#pragma once

#include <QWidget>
#include <cstdint>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;
class QTreeWidget;

namespace riverdelta::models {
class EngineBridge;
class TopicListModel;
}  // namespace riverdelta::models

namespace riverdelta::ui {

// "Review topics": every topic of the connected cluster with partitions, message count and
// rate, and a browser of the selected topic's newest messages, decoded. Browsing is an engine
// command answered in a later snapshot, so the UI never waits on the cluster.
class TopicsPanel : public QWidget {
    Q_OBJECT
  public:
    explicit TopicsPanel(models::EngineBridge& bridge, QWidget* parent = nullptr);

    [[nodiscard]] QTableView* topicsView() const { return topicsView_; }
    [[nodiscard]] QTreeWidget* messageList() const { return messages_; }
    [[nodiscard]] QPlainTextEdit* valueView() const { return value_; }
    [[nodiscard]] QLabel* browseStatus() const { return browseStatus_; }
    [[nodiscard]] QPushButton* enableSyncButton() const { return enableSync_; }
    [[nodiscard]] models::TopicListModel* model() const { return model_; }

  signals:
    // "Enable lake sync…" for the selected topic; the main window opens the sync panel's dialog.
    void enableSyncRequested(const QString& topic);

  public slots:
    // Selects the topic (when listed) and reads its newest messages.
    void browse(const QString& topic);

  private:
    void selectedTopicChanged();
    void takeBrowseResult();
    void showSelectedMessage();

    models::EngineBridge& bridge_;
    models::TopicListModel* model_;
    QSortFilterProxyModel* proxy_;
    QLabel* summary_;
    QLineEdit* filter_;
    QTableView* topicsView_;
    QLabel* browseTitle_;
    QSpinBox* count_;
    QPushButton* reload_;
    QPushButton* enableSync_;
    QLabel* browseStatus_;
    QTreeWidget* messages_;
    QPlainTextEdit* value_;
    QString browsedTopic_;
    std::uint64_t pendingRequest_ = 0;
};

}  // namespace riverdelta::ui
