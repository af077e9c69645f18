#pragma once

#include "desktop_notifier.h"
#include "monitor/dashboard_snapshot.h"
#include "notification_settings.h"
#include "tray_icon.h"

#include <QObject>
#include <QTimer>

namespace dw {

class MonitorSession;

// The window's presence on the desktop while nobody looks at it: the tray icon, and notifications of the
// changes each snapshot brings (planned by NotificationPlanner with the user's settings, paused for an hour
// from the tray's menu). A replay never notifies.
// Thread-safety: UI thread only. Owned by the main window.
class DesktopAlerts : public QObject {
    Q_OBJECT

public:
    DesktopAlerts(const MonitorSession& session, const Theme& theme, QObject* parent = nullptr);
    void setSnapshot(const DashboardSnapshot& snapshot);
    const NotificationSettings& settings() const { return m_settings; }
    // Applies and remembers (QSettings) new settings.
    void setSettings(const NotificationSettings& settings);
    bool paused() const { return m_pause.isActive(); }
    TrayIcon& tray() { return m_tray; }
    DesktopNotifier& notifier() { return m_notifier; }

signals:
    void showWindow();
    void openEntity(const QString& entityId);
    void quit();

private:
    const MonitorSession& m_session;
    NotificationSettings m_settings;
    NotificationPlanner m_planner;
    TrayIcon m_tray;
    DesktopNotifier m_notifier;
    QTimer m_pause; // running while notifications are paused
};

} // namespace dw
