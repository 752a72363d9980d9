#include "ui/connect_tools_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QToolButton>

#include "engine/engine.h"
#include "engine/postgres/connection.h"
#include "models/engine_bridge.h"
#include "ui/elided_label.h"

namespace riverdelta::ui {

namespace {

// A word for a POSIX shell, single-quoted.
QString shellQuoted(const QString& s) {
    QString out = s;
    out.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

}  // namespace

ConnectToolsPanel::Lines ConnectToolsPanel::linesFor(const EngineSnapshot& s,
                                                     const std::optional<SandboxEndpoints>& sandbox,
                                                     const std::filesystem::path& dataDirectory) {
    Lines out;
    if (s.kafka.state == ServiceState::Connected && !s.kafka.endpoint.empty()) {
        out.bootstrap = QString::fromStdString(s.kafka.endpoint);
        out.kcat = QStringLiteral("kcat -L -b %1").arg(out.bootstrap);
        if (!s.kafkaInMemory)
            out.kcatNote =
                tr("A secured cluster also needs its -X security.protocol, "
                   "sasl.mechanisms, sasl.username and sasl.password settings.");
    }
    if (s.postgres.state == ServiceState::Connected && !s.postgres.endpoint.empty()) {
        const QString uri = shellQuoted(QStringLiteral("postgresql://") +
                                        QString::fromStdString(s.postgres.endpoint));
        // The endpoint is user@host:port/db, never a password; the sandbox's is its own.
        const bool local =
            sandbox && !sandbox->postgresConninfo.empty() &&
            postgres::Connection::describe(sandbox->postgresConninfo) == s.postgres.endpoint;
        if (local) {
            const auto credentials = dataDirectory / "sandbox" / "postgres" / "credentials";
            out.psql = QStringLiteral("PGPASSWORD=\"$(cat %1)\" psql %2")
                           .arg(shellQuoted(QString::fromStdString(credentials.string())), uri);
            out.psqlNote =
                tr("The password is read from the sandbox's credentials file "
                   "(readable by you only).");
        } else {
            out.psql = QStringLiteral("psql %1").arg(uri);
            out.psqlNote = tr("psql asks for the password.");
        }
    }
    return out;
}

ConnectToolsPanel::ConnectToolsPanel(models::EngineBridge& bridge, QWidget* parent)
    : QFrame(parent), bridge_(bridge), empty_(new QLabel(this)), notes_(nullptr) {
    setObjectName(QStringLiteral("connectTools"));
    setFrameShape(QFrame::StyledPanel);
    auto* grid = new QGridLayout(this);
    auto* title = new QLabel(tr("<b>Connect your own tools</b>"), this);
    grid->addWidget(title, 0, 0, 1, 3);
    empty_->setText(tr("The commands appear once Kafka and PostgreSQL are connected."));
    empty_->setForegroundRole(QPalette::PlaceholderText);
    empty_->setWordWrap(true);
    grid->addWidget(empty_, 1, 0, 1, 3);
    bootstrap_ = addRow(QStringLiteral("bootstrap"), tr("Kafka bootstrap"), 2);
    kcat_ = addRow(QStringLiteral("kcat"), tr("kcat"), 3);
    psql_ = addRow(QStringLiteral("psql"), tr("psql"), 4);
    notes_ = new QLabel(this);
    notes_->setObjectName(QStringLiteral("notes"));
    notes_->setWordWrap(true);
    notes_->setForegroundRole(QPalette::PlaceholderText);
    grid->addWidget(notes_, 5, 0, 1, 3);
    grid->setColumnStretch(1, 1);
    connect(&bridge_, &models::EngineBridge::snapshotChanged, this, &ConnectToolsPanel::refresh);
    refresh();
}

ConnectToolsPanel::Row ConnectToolsPanel::addRow(const QString& what, const QString& caption,
                                                 int gridRow) {
    auto* grid = static_cast<QGridLayout*>(layout());
    Row row;
    row.caption = new QLabel(caption, this);
    // Elided where the window is narrow (the full line in the tooltip; Copy copies all of it).
    row.line = new ElidedLabel(this);
    row.line->setObjectName(QStringLiteral("line:") + what);
    row.line->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    row.copy = new QToolButton(this);
    row.copy->setObjectName(QStringLiteral("copy:") + what);
    row.copy->setText(tr("Copy"));
    row.copy->setToolTip(tr("Copy the %1 line").arg(caption));
    connect(row.copy, &QToolButton::clicked, this, [label = row.line] {
        QGuiApplication::clipboard()->setText(label->property("command").toString());
    });
    grid->addWidget(row.caption, gridRow, 0);
    grid->addWidget(row.line, gridRow, 1);
    grid->addWidget(row.copy, gridRow, 2);
    return row;
}

QToolButton* ConnectToolsPanel::copyButton(const QString& what) const {
    return findChild<QToolButton*>(QStringLiteral("copy:") + what);
}

void ConnectToolsPanel::showLine(Row& row, const QString& text, const QString& note) {
    const bool visible = !text.isEmpty();
    row.caption->setVisible(visible);
    row.line->setVisible(visible);
    row.copy->setVisible(visible);
    if (row.line->property("command").toString() == text) return;
    row.line->setProperty("command", text);
    row.line->setText(text);
    row.line->setToolTip(note.isEmpty() ? text : text + QStringLiteral("\n") + note);
}

void ConnectToolsPanel::refresh() {
    lines_ = linesFor(bridge_.snapshot(), bridge_.engine().sandboxEndpoints(),
                      bridge_.engine().dataDirectory());
    showLine(bootstrap_, lines_.bootstrap, {});
    showLine(kcat_, lines_.kcat, lines_.kcatNote);
    showLine(psql_, lines_.psql, lines_.psqlNote);
    empty_->setVisible(lines_.bootstrap.isEmpty() && lines_.psql.isEmpty());
    QStringList notes;
    for (const QString& n : {lines_.kcatNote, lines_.psqlNote})
        if (!n.isEmpty()) notes << n;
    notes_->setText(notes.join(QLatin1Char(' ')));
    notes_->setVisible(!notes.isEmpty());
}

}  // namespace riverdelta::ui
