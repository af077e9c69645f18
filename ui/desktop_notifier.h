#pragma once

#include "notify/notification_planner.h"

#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSystemTrayIcon>

namespace dw {

// Shows notifications through the freedesktop notification service (org.freedesktop.Notifications on the
// session bus, over QtDBus), with a default action that reports the notification's entity when clicked.
// Where no such service runs, the tray's balloon messages stand in; where there is no tray either, nothing
// is shown and nothing is printed.
// Thread-safety: UI thread only; the D-Bus replies and signals arrive there.
class DesktopNotifier : public QObject {
    Q_OBJECT

public:
    // tray: the fallback (may be null).
    explicit DesktopNotifier(QSystemTrayIcon* tray, QObject* parent = nullptr);
    // A notification service is on the session bus (running, or started on demand).
    bool hasService() const;
    void show(const Notification& notification);

signals:
    // A notification was clicked; entityId as the notification named it (may be empty).
    void activated(const QString& entityId);

private slots:
    void onActionInvoked(uint id, const QString& action);

private:
    QPointer<QSystemTrayIcon> m_tray;
    QMap<uint, QString> m_entities; // notification id -> entity, for clicks
    QString m_trayEntity;           // the last balloon's entity
    bool m_connected = false;
};

} // namespace dw
