#pragma once

#include "notify/notification_planner.h"

#include <QSettings>

namespace dw {

// What the user chose in Settings → Notifications, remembered between runs (QSettings group
// "notifications"): whether to notify at all, of what, and whether closing the window keeps it in the tray.
// A value type.
struct NotificationSettings {
    bool enabled = true;
    bool closeToTray = false;
    NotificationFilter filter;

    static NotificationSettings load(QSettings& settings);
    void save(QSettings& settings) const;
};

} // namespace dw
