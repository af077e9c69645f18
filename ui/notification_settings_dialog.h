#pragma once

#include "notification_settings.h"

#include <QCheckBox>
#include <QDialog>
#include <map>

namespace dw {

// Settings → Notifications: which state changes, targets and alerts notify, of which severities and
// profiles, and whether closing the window keeps DispatchWatch in the tray.
// Thread-safety: a widget; UI thread only.
class NotificationSettingsDialog : public QDialog {
public:
    // profiles: those that can be chosen (the loaded ones).
    NotificationSettingsDialog(const NotificationSettings& settings, const std::vector<std::string>& profiles,
                               QWidget* parent = nullptr);
    NotificationSettings settings() const;

private:
    QCheckBox* m_enabled;
    QCheckBox* m_closeToTray;
    std::map<HealthState, QCheckBox*> m_states;
    QCheckBox* m_recoveries;
    QCheckBox* m_targets;
    QCheckBox* m_firing;
    QCheckBox* m_resolved;
    std::map<std::string, QCheckBox*> m_severities;
    std::map<std::string, QCheckBox*> m_profiles;
};

} // namespace dw
