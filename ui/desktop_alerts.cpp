#include "desktop_alerts.h"

#include "monitor/monitor_session.h"

namespace dw {

namespace {
constexpr int kPauseMs = 60 * 60 * 1000;
}

DesktopAlerts::DesktopAlerts(const MonitorSession& session, const Theme& theme, QObject* parent)
    : QObject(parent), m_session(session), m_tray(theme), m_notifier(m_tray.icon()) {
    QSettings stored;
    m_settings = NotificationSettings::load(stored);
    m_planner.setFilter(m_settings.filter);
    m_pause.setSingleShot(true);
    m_pause.setInterval(kPauseMs);
    connect(&m_pause, &QTimer::timeout, this, [this] { m_tray.pauseAction()->setChecked(false); });
    connect(&m_tray, &TrayIcon::pauseNotifications, this, [this](bool paused) {
        if (paused)
            m_pause.start();
        else
            m_pause.stop();
    });
    connect(&m_tray, &TrayIcon::showWindow, this, &DesktopAlerts::showWindow);
    connect(&m_tray, &TrayIcon::quit, this, &DesktopAlerts::quit);
    connect(&m_notifier, &DesktopNotifier::activated, this, &DesktopAlerts::openEntity);
    if (!m_session.isReplay()) m_tray.show();
}

void DesktopAlerts::setSettings(const NotificationSettings& settings) {
    m_settings = settings;
    m_planner.setFilter(settings.filter);
    QSettings stored;
    settings.save(stored);
}

void DesktopAlerts::setSnapshot(const DashboardSnapshot& snapshot) {
    m_tray.setSnapshot(snapshot);
    if (m_session.isReplay() || snapshot.incidents.empty()) return;
    // Planned even while paused or off, so that turning them on does not replay what was held back.
    const auto notifications = m_planner.plan(m_session.clock().wallMs(snapshot.nowMs), snapshot.incidents);
    if (!m_settings.enabled || paused()) return;
    for (const Notification& n : notifications)
        m_notifier.show(n);
}

} // namespace dw
