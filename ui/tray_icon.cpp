#include "tray_icon.h"

#include <QPainter>
#include <QPixmap>
#include <map>

namespace dw {

namespace {

// Worse is higher: what the tray's colour follows.
int rank(Theme::Status status) {
    switch (status) {
    case Theme::Status::Good:
        return 0;
    case Theme::Status::Inactive:
        return 1;
    case Theme::Status::Attention:
        return 2;
    case Theme::Status::Warning:
        return 3;
    case Theme::Status::Bad:
        break;
    }
    return 4;
}

QIcon dot(const QColor& colour) {
    QPixmap pixmap(64, 64);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(colour.darker(150), 4));
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(6, 6, 52, 52));
    return QIcon(pixmap);
}

} // namespace

TrayIcon::TrayIcon(const Theme& theme, QObject* parent) : QObject(parent), m_theme(theme) {
    m_menu.addAction(tr("Show DispatchWatch"), this, &TrayIcon::showWindow);
    m_pause = m_menu.addAction(tr("Pause notifications for 1 hour"));
    m_pause->setCheckable(true);
    connect(m_pause, &QAction::toggled, this, &TrayIcon::pauseNotifications);
    m_menu.addSeparator();
    m_menu.addAction(tr("Quit"), this, &TrayIcon::quit);
    m_icon.setContextMenu(&m_menu);
    connect(&m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick) emit showWindow();
    });
    m_colour = m_theme.statusColor(Theme::Status::Good);
    m_icon.setIcon(dot(m_colour));
    m_icon.setToolTip(tr("DispatchWatch: starting"));
}

bool TrayIcon::available() const {
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayIcon::show() {
    if (available()) m_icon.show();
}

Theme::Status TrayIcon::worst(const DashboardSnapshot& s) {
    Theme::Status out = Theme::Status::Good;
    auto consider = [&](Theme::Status status) {
        if (rank(status) > rank(out)) out = status;
    };
    for (const EntityHealth& e : s.entities)
        consider(Theme::statusOf(e.state));
    for (const TargetRow& t : s.targets)
        if (t.health.state == TargetHealth::State::Down) consider(Theme::Status::Bad);
    for (const Alert& a : s.alerts)
        if (a.state == Alert::State::Firing)
            consider(labelValue(a.labels, "severity") == "critical" ? Theme::Status::Bad
                                                                    : Theme::Status::Warning);
    return out;
}

QString TrayIcon::summary(const DashboardSnapshot& s) {
    // Per kind of entity ("dispatcher", "worker"), how many and how many in each state that is not healthy.
    std::map<std::string, std::map<HealthState, int>> kinds;
    std::map<std::string, int> totals;
    for (const EntityHealth& e : s.entities) {
        ++totals[e.kind];
        if (e.state != HealthState::Healthy) ++kinds[e.kind][e.state];
    }
    QStringList parts;
    for (const auto& [kind, total] : totals) {
        QString part =
            QStringLiteral("%1 %2%3").arg(total).arg(QString::fromStdString(kind), total == 1 ? "" : "s");
        QStringList states;
        for (const auto& [state, n] : kinds[kind])
            states << QStringLiteral("%1 %2").arg(n).arg(QString::fromUtf8(healthStateName(state).data()));
        if (!states.isEmpty()) part += ": " + states.join(", ");
        parts << part;
    }
    int down = 0, firing = 0;
    for (const TargetRow& t : s.targets)
        down += t.health.state == TargetHealth::State::Down;
    for (const Alert& a : s.alerts)
        firing += a.state == Alert::State::Firing;
    if (down) parts << QStringLiteral("%1 target%2 down").arg(down).arg(down == 1 ? "" : "s");
    if (firing) parts << QStringLiteral("%1 alert%2 firing").arg(firing).arg(firing == 1 ? "" : "s");
    if (parts.isEmpty()) return tr("DispatchWatch: nothing watched yet");
    return parts.join("; ");
}

void TrayIcon::setSnapshot(const DashboardSnapshot& snapshot) {
    const QColor colour = m_theme.statusColor(worst(snapshot));
    if (colour != m_colour) {
        m_colour = colour;
        m_icon.setIcon(dot(colour));
    }
    m_icon.setToolTip(summary(snapshot));
}

} // namespace dw
