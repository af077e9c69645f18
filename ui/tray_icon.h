#pragma once

#include "monitor/dashboard_snapshot.h"
#include "theme.h"

#include <QAction>
#include <QMenu>
#include <QObject>
#include <QSystemTrayIcon>

namespace dw {

// The tray icon: a dot in the colour of the worst state being watched (an entity, a target down, a
// critical alert firing), a tooltip that sums it up ("6 dispatchers: 1 stale, 1 flapping; 1 alert firing"),
// and a menu: show the window, pause notifications for an hour, quit. Where the desktop has no tray it is
// never shown, and nothing else changes.
// Thread-safety: UI thread only.
class TrayIcon : public QObject {
    Q_OBJECT

public:
    explicit TrayIcon(const Theme& theme, QObject* parent = nullptr);
    void setSnapshot(const DashboardSnapshot& snapshot);
    // Shown only where a tray exists.
    void show();
    bool available() const;
    QSystemTrayIcon* icon() { return &m_icon; }
    QColor colour() const { return m_colour; }
    QString toolTip() const { return m_icon.toolTip(); }
    QAction* pauseAction() { return m_pause; }

    // "6 dispatchers: 1 stale, 1 flapping; 1 alert firing"; the worst status.
    static QString summary(const DashboardSnapshot& snapshot);
    static Theme::Status worst(const DashboardSnapshot& snapshot);

signals:
    void showWindow();
    void pauseNotifications(bool paused);
    void quit();

private:
    const Theme& m_theme;
    QSystemTrayIcon m_icon;
    QMenu m_menu;
    QAction* m_pause;
    QColor m_colour;
};

} // namespace dw
