#include "ui/problems_view.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/state_colors.h"

namespace riverdelta::ui {

ProblemsView::ProblemsView(QWidget* parent)
    : QFrame(parent), title_(new QLabel(this)), list_(new QTreeWidget(this)) {
    setObjectName(QStringLiteral("problems"));
    setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    title_->setObjectName(QStringLiteral("problemsTitle"));
    title_->setWordWrap(true);
    auto* dismiss = new QPushButton(tr("Dismiss"), this);
    connect(dismiss, &QPushButton::clicked, this, &QWidget::hide);
    top->addWidget(title_, 1);
    top->addWidget(dismiss);
    layout->addLayout(top);
    list_->setObjectName(QStringLiteral("problemsList"));
    list_->setColumnCount(3);
    list_->setHeaderLabels({tr("File"), tr("JSON pointer"), tr("Problem")});
    list_->setRootIsDecorated(false);
    list_->setAlternatingRowColors(true);
    list_->setWordWrap(true);
    list_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    list_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    list_->header()->setStretchLastSection(true);
    list_->setMaximumHeight(160);
    layout->addWidget(list_);
    connect(list_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        const QString location = item->text(0) + QLatin1Char(':') + item->text(1);
        QApplication::clipboard()->setText(location);
        emit locationActivated(location);
    });
    hide();
}

void ProblemsView::setProblems(const std::vector<scenario::Diagnostic>& problems) {
    auto same = [&] {
        if (problems.size() != shown_.size()) return false;
        for (std::size_t i = 0; i < problems.size(); ++i)
            if (problems[i].format() != shown_[i].format()) return false;
        return true;
    };
    if (same()) return;  // keeps a dismissed list hidden until new problems arrive
    shown_ = problems;
    list_->clear();
    if (problems.empty()) {
        hide();
        return;
    }
    renderTitle();
    for (const auto& p : problems) {
        auto* item = new QTreeWidgetItem(list_);
        item->setText(0, QString::fromStdString(p.file));
        item->setText(
            1, p.pointer.empty() ? QStringLiteral("(file)") : QString::fromStdString(p.pointer));
        item->setText(2, QString::fromStdString(p.message));
        item->setToolTip(2, QString::fromStdString(p.message));
    }
    show();
}

void ProblemsView::renderTitle() {
    if (shown_.empty()) return;
    const QColor error = readable(palette(), QColor(0xc6, 0x28, 0x28), QColor(0xff, 0x8a, 0x80));
    const int n = static_cast<int>(shown_.size());
    const QString count = n == 1 ? tr("1 problem") : tr("%1 problems").arg(n);
    title_->setText(
        tr("<b style='color:%1'>%2</b> in %3: nothing was started.")
            .arg(error.name(), count, QString::fromStdString(shown_.front().file).toHtmlEscaped()));
}

void ProblemsView::changeEvent(QEvent* event) {
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) renderTitle();
}

}  // namespace riverdelta::ui
