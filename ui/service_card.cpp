#include "ui/service_card.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>

#include "engine/engine_snapshot.h"
#include "models/service_status_model.h"
#include "ui/state_colors.h"

namespace riverdelta::ui {

using models::ServiceStatusModel;

namespace {
QString badgeColour(ServiceState state) {
    switch (state) {
        case ServiceState::Connected:
            return QStringLiteral("#1b873f");
        case ServiceState::Starting:
            return QStringLiteral("#b26a00");
        case ServiceState::Failed:
            return QStringLiteral("#c62828");
        case ServiceState::Stopped:
            return QStringLiteral("#6b7280");
    }
    return QStringLiteral("#6b7280");
}
}  // namespace

ServiceCard::ServiceCard(const QModelIndex& index, QWidget* parent)
    : QFrame(parent),
      index_(index),
      title_(new QLabel(this)),
      badge_(new QLabel(this)),
      endpoint_(new QLabel(this)),
      detail_(new QLabel(this)),
      error_(new QLabel(this)) {
    setFrameShape(QFrame::StyledPanel);
    setObjectName(QStringLiteral("serviceCard"));
    QFont titleFont = title_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    title_->setFont(titleFont);
    badge_->setAlignment(Qt::AlignCenter);
    badge_->setObjectName(QStringLiteral("stateBadge"));
    endpoint_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    endpoint_->setObjectName(QStringLiteral("endpoint"));
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    endpoint_->setFont(mono);
    for (QLabel* l : {detail_, error_}) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    error_->setObjectName(QStringLiteral("error"));

    auto* layout = new QGridLayout(this);
    layout->addWidget(title_, 0, 0);
    layout->addWidget(badge_, 0, 1, Qt::AlignRight);
    layout->addWidget(endpoint_, 1, 0, 1, 2);
    layout->addWidget(detail_, 2, 0, 1, 2);
    layout->addWidget(error_, 3, 0, 1, 2);
    layout->setRowStretch(4, 1);
    layout->setColumnStretch(0, 1);

    connect(index.model(), &QAbstractItemModel::dataChanged, this, &ServiceCard::refresh);
    refresh();
}

QString ServiceCard::stateText() const {
    return badge_->text();
}

void ServiceCard::refresh() {
    if (!index_.isValid()) return;
    const auto state =
        static_cast<ServiceState>(index_.data(ServiceStatusModel::StateRole).toInt());
    title_->setText(index_.data(ServiceStatusModel::NameRole).toString());
    badge_->setText(index_.data(ServiceStatusModel::StateTextRole).toString());
    badge_->setStyleSheet(
        QStringLiteral("QLabel { background: %1; color: white; border-radius: 9px;"
                       " padding: 2px 10px; font-weight: bold; }")
            .arg(badgeColour(state)));
    const QString endpoint = index_.data(ServiceStatusModel::EndpointRole).toString();
    endpoint_->setText(endpoint);
    endpoint_->setVisible(!endpoint.isEmpty());
    detail_->setText(index_.data(ServiceStatusModel::DetailRole).toString());
    const QString error = index_.data(ServiceStatusModel::ErrorRole).toString();
    error_->setText(error);
    error_->setVisible(!error.isEmpty());
    error_->setStyleSheet(
        QStringLiteral("color: %1;")
            .arg(readable(palette(), QColor(0xc6, 0x28, 0x28), QColor(0xff, 0x8a, 0x80)).name()));
}

void ServiceCard::changeEvent(QEvent* event) {
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) refresh();
}

}  // namespace riverdelta::ui
