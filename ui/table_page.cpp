#include "ui/table_page.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "models/table_details_model.h"
#include "ui/state_badge_delegate.h"
#include "ui/state_colors.h"

namespace riverdelta::ui {

using models::TableDetailsModel;

namespace {

QTableView* makeTable(QAbstractItemModel* model, QWidget* parent, const char* name) {
    auto* view = new QTableView(parent);
    view->setObjectName(QLatin1String(name));
    view->setModel(model);
    view->verticalHeader()->hide();
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setWordWrap(false);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

QLabel* selectable(QLabel* label) {
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

}  // namespace

TablePage::TablePage(models::EngineBridge& bridge, QWidget* parent)
    : QWidget(parent),
      model_(new TableDetailsModel(bridge, this)),
      title_(new QLabel(this)),
      state_(new QLabel(this)),
      location_(selectable(new QLabel(this))),
      copyLocation_(
          new QPushButton(QIcon::fromTheme(QStringLiteral("edit-copy")), tr("Copy"), this)),
      figures_(selectable(new QLabel(this))),
      freshness_(selectable(new QLabel(this))),
      maintenance_(selectable(new QLabel(this))),
      readNote_(new QLabel(this)),
      tabs_(new QTabWidget(this)),
      preview_(makeTable(model_->previewModel(), this, "tablePreview")),
      schema_(makeTable(model_->schemaModel(), this, "tableSchema")),
      history_(makeTable(model_->historyModel(), this, "tableHistory")),
      tool_(new QComboBox(this)),
      snippet_(new QPlainTextEdit(this)),
      copySnippet_(
          new QPushButton(QIcon::fromTheme(QStringLiteral("edit-copy")), tr("Copy"), this)) {
    setObjectName(QStringLiteral("tablePage"));
    title_->setObjectName(QStringLiteral("tableTitle"));
    title_->setTextFormat(Qt::RichText);
    state_->setObjectName(QStringLiteral("tableState"));
    location_->setObjectName(QStringLiteral("tableLocation"));
    location_->setWordWrap(true);
    copyLocation_->setToolTip(tr("Copy the table's location"));
    figures_->setObjectName(QStringLiteral("tableFigures"));
    freshness_->setObjectName(QStringLiteral("tableFreshness"));
    freshness_->setToolTip(
        tr("How long a record produced while the sync runs takes to become visible in the table "
           "(its Kafka timestamp to the commit), over the commits of the last minute. Records "
           "that were already in the topic when the sync started count as lag, not here."));
    maintenance_->setWordWrap(true);
    readNote_->setForegroundRole(QPalette::PlaceholderText);
    readNote_->setWordWrap(true);

    preview_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    preview_->horizontalHeader()->setStretchLastSection(false);
    tabs_->setObjectName(QStringLiteral("tableTabs"));
    tabs_->addTab(preview_, tr("Preview (newest 20 rows)"));
    tabs_->addTab(schema_, tr("Schema"));
    tabs_->addTab(history_, tr("History"));

    for (auto tool : {TableDetailsModel::Tool::DuckDb, TableDetailsModel::Tool::Spark,
                      TableDetailsModel::Tool::DeltaRs})
        tool_->addItem(TableDetailsModel::toolName(tool), static_cast<int>(tool));
    snippet_->setObjectName(QStringLiteral("tableSnippet"));
    snippet_->setReadOnly(true);
    snippet_->setLineWrapMode(QPlainTextEdit::NoWrap);
    useFixedFont();
    auto* code = new QWidget(this);
    auto* codeBar = new QHBoxLayout;
    codeBar->addWidget(new QLabel(tr("Read the table with"), code));
    codeBar->addWidget(tool_);
    codeBar->addStretch(1);
    codeBar->addWidget(copySnippet_);
    auto* codeLayout = new QVBoxLayout(code);
    codeLayout->addLayout(codeBar);
    codeLayout->addWidget(snippet_, 1);
    tabs_->addTab(code, tr("Query it"));

    auto* header = new QHBoxLayout;
    header->addWidget(title_);
    header->addWidget(state_);
    header->addStretch(1);
    auto* where = new QHBoxLayout;
    where->addWidget(location_, 1);
    where->addWidget(copyLocation_, 0, Qt::AlignTop);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Location:"), where);
    form->addRow(tr("Table:"), figures_);
    form->addRow(tr("Freshness:"), freshness_);
    form->addRow(tr("Maintenance:"), maintenance_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(header);
    layout->addLayout(form);
    layout->addWidget(readNote_);
    layout->addWidget(tabs_, 1);

    connect(copyLocation_, &QPushButton::clicked, this, [this] {
        if (const auto* s = model_->status())
            QApplication::clipboard()->setText(QString::fromStdString(s->location));
    });
    connect(copySnippet_, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(snippet_->toPlainText()); });
    connect(tool_, &QComboBox::currentIndexChanged, this, &TablePage::updateSnippet);
    connect(model_, &TableDetailsModel::statusChanged, this, &TablePage::updateStatus);
    connect(model_, &TableDetailsModel::detailsChanged, this, &TablePage::updateDetails);
    updateStatus();
    updateDetails();
}

void TablePage::setTopic(const QString& topic) {
    model_->setTopic(topic);
    updateStatus();
    updateSnippet();
}

void TablePage::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    // The code font follows the page's size (presentation mode changes it at run time).
    if (event->type() == QEvent::FontChange) useFixedFont();
}

void TablePage::useFixedFont() {
    QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (font().pointSizeF() > 0) fixed.setPointSizeF(font().pointSizeF());
    snippet_->setFont(fixed);
}

void TablePage::updateStatus() {
    const auto* s = model_->status();
    setEnabled(s != nullptr);
    if (!s) {
        title_->setText(QStringLiteral("<big><b>%1</b></big>").arg(tr("No table selected")));
        state_->clear();
        location_->clear();
        figures_->clear();
        freshness_->clear();
        maintenance_->clear();
        return;
    }
    const QLocale locale;
    title_->setText(QStringLiteral("<big><b>%1</b></big>")
                        .arg(QString::fromStdString(s->topic).toHtmlEscaped()));
    const QColor color = StateBadgeDelegate::colorOf(static_cast<int>(s->state));
    state_->setText(QStringLiteral("<b>%1</b>").arg(TableDetailsModel::stateText(*s)));
    // Re-applying a style sheet re-polishes the label and relayouts the page: only on a change
    // (this runs on every 10 Hz poll).
    const QString css =
        QStringLiteral("color: %1;").arg(readable(palette(), color, color.lighter(160)).name());
    if (state_->styleSheet() != css) state_->setStyleSheet(css);
    state_->setToolTip(QString::fromStdString(s->reason));
    if (location_->text() != QString::fromStdString(s->location)) {
        location_->setText(QString::fromStdString(s->location));
        updateSnippet();
    }
    QString lastCommit = QStringLiteral("—");
    if (s->lastCommit)
        lastCommit =
            QDateTime::fromMSecsSinceEpoch(std::chrono::duration_cast<std::chrono::milliseconds>(
                                               s->lastCommit->time_since_epoch())
                                               .count())
                .toString(QStringLiteral("HH:mm:ss"));
    figures_->setText(tr("%1 rows · %2 files · %3 · version %4 · lag %5 · last commit %6")
                          .arg(locale.toString(static_cast<qlonglong>(s->rows)),
                               locale.toString(static_cast<qlonglong>(s->files)),
                               TableDetailsModel::bytesText(s->bytes),
                               s->version < 0 ? QStringLiteral("—") : QString::number(s->version),
                               s->partitions.empty()
                                   ? QStringLiteral("—")
                                   : locale.toString(static_cast<qlonglong>(s->lag())),
                               lastCommit));
    freshness_->setText(TableDetailsModel::freshnessText(*s));
    maintenance_->setText(TableDetailsModel::maintenanceText(*s));
}

void TablePage::updateDetails() {
    const auto& d = model_->details();
    if (!model_->readError().isEmpty())
        readNote_->setText(tr("Could not read the table: %1").arg(model_->readError()));
    else if (!d)
        readNote_->setText(model_->status() ? tr("Reading the table…") : QString());
    else if (d->olderCommitsRemoved && d->history.size() < 20)
        readNote_->setText(
            tr("Read at version %1; older commits were removed by log cleanup.").arg(d->version));
    else
        readNote_->setText(tr("Read from the table at version %1.").arg(d->version));
    preview_->resizeColumnsToContents();
    for (int c = 0; c < preview_->model()->columnCount(); ++c)
        preview_->setColumnWidth(c, std::min(preview_->columnWidth(c), 260));
    updateSnippet();
}

void TablePage::updateSnippet() {
    const auto tool = static_cast<TableDetailsModel::Tool>(tool_->currentData().toInt());
    const QString text = model_->snippet(tool);
    if (snippet_->toPlainText() != text) snippet_->setPlainText(text);
    copySnippet_->setEnabled(!text.isEmpty());
}

}  // namespace riverdelta::ui
