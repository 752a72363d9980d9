#pragma once

#include <QDateTime>
#include <QWidget>
#include <cstdint>
#include <optional>
#include <utility>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTreeView;

namespace riverdelta::models {
class EngineBridge;
class MessageBrowserModel;
class MessageFieldsModel;
}  // namespace riverdelta::models

namespace riverdelta::ui {

// A topic's messages, live: newest first as they arrive (Pause holds the rows still), filtered
// by key or value text, one partition or all, a jump to an offset or a time, and the selected
// message's fields (time fields as dates) and raw value, copyable as JSON. The reading runs on
// an engine thread (models::MessageBrowserModel); nothing here waits on the cluster.
class MessageBrowser : public QWidget {
    Q_OBJECT
  public:
    explicit MessageBrowser(models::EngineBridge& bridge, QWidget* parent = nullptr);

    [[nodiscard]] models::MessageBrowserModel* model() const { return model_; }
    [[nodiscard]] QSortFilterProxyModel* filteredModel() const { return proxy_; }
    [[nodiscard]] models::MessageFieldsModel* fieldsModel() const { return fields_; }
    [[nodiscard]] QTableView* messageView() const { return messages_; }
    [[nodiscard]] QTreeView* fieldsView() const { return fieldsView_; }
    [[nodiscard]] QPlainTextEdit* rawView() const { return raw_; }
    [[nodiscard]] QTabWidget* detailTabs() const { return detailTabs_; }
    [[nodiscard]] QLabel* statusLabel() const { return status_; }
    [[nodiscard]] QLineEdit* filterEdit() const { return filter_; }
    [[nodiscard]] QPushButton* pauseButton() const { return pause_; }
    [[nodiscard]] QComboBox* partitionPicker() const { return partition_; }
    [[nodiscard]] QPushButton* copyButton() const { return copy_; }
    // The message selected in the list, as a model row, or -1.
    [[nodiscard]] int selectedRow() const;

  public slots:
    // Reads the topic's newest messages and follows it (an empty name closes the browser).
    void setTopic(const QString& topic);
    void showLive();
    void jumpToOffset(qint64 offset);
    void jumpToTime(const QDateTime& time);
    void copySelectedAsJson();

  signals:
    // The JSON put on the clipboard by Copy as JSON.
    void messageCopied(const QString& json);

  private:
    void reopen(int kind, std::int64_t value);
    void updateStatus();
    void updatePartitions();
    void showSelected();
    void selectSourceRow(int row);
    void jumpFromControls();

    models::MessageBrowserModel* model_;
    QSortFilterProxyModel* proxy_;
    models::MessageFieldsModel* fields_;
    QLabel* title_;
    QLabel* status_;
    QPushButton* pause_;
    QPushButton* live_;
    QComboBox* partition_;
    QLineEdit* filter_;
    QComboBox* jumpKind_;
    QStackedWidget* jumpInput_;
    QLineEdit* offset_;
    QDateTimeEdit* time_;
    QPushButton* jump_;
    QTableView* messages_;
    QLabel* detailHeader_;
    QTabWidget* detailTabs_;
    QTreeView* fieldsView_;
    QPlainTextEdit* raw_;
    QPushButton* copy_;
    bool selectFirst_ = false;  // after opening the newest: select the newest once it arrives
    // The selected message across a model reset (a big batch): partition, offset.
    std::optional<std::pair<std::int32_t, std::int64_t>> keptSelection_;
};

}  // namespace riverdelta::ui
