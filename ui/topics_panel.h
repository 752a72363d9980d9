#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace riverdelta::models {
class EngineBridge;
class TopicListModel;
}  // namespace riverdelta::models

namespace riverdelta::ui {

class GripSplitter;
class MessageBrowser;

// "Review topics": every topic of the connected cluster with partitions, message count and
// rate, beside a live browser of the selected topic's messages (MessageBrowser), so neither
// is cramped in a short panel. Reading happens on engine threads; the UI never waits.
class TopicsPanel : public QWidget {
    Q_OBJECT
  public:
    explicit TopicsPanel(models::EngineBridge& bridge, QWidget* parent = nullptr);

    [[nodiscard]] QTableView* topicsView() const { return topicsView_; }
    [[nodiscard]] MessageBrowser* browser() const { return browser_; }
    [[nodiscard]] GripSplitter* splitter() const { return split_; }
    [[nodiscard]] QPushButton* enableSyncButton() const { return enableSync_; }
    [[nodiscard]] models::TopicListModel* model() const { return model_; }

  signals:
    // "Enable lake sync…" for the selected topic; the main window opens the sync panel's dialog.
    void enableSyncRequested(const QString& topic);

  public slots:
    // Selects the topic (when listed) and follows its messages in the browser.
    void browse(const QString& topic);

  private:
    void selectedTopicChanged();

    models::EngineBridge& bridge_;
    models::TopicListModel* model_;
    QSortFilterProxyModel* proxy_;
    QLabel* summary_;
    QLineEdit* filter_;
    QTableView* topicsView_;
    QPushButton* enableSync_;
    MessageBrowser* browser_;
    GripSplitter* split_;
    QString browsedTopic_;
};

}  // namespace riverdelta::ui
