#include "notification_settings.h"

#include <QStringList>

namespace dw {

namespace {

QStringList toList(const std::set<std::string>& values) {
    QStringList out;
    for (const std::string& v : values)
        out << QString::fromStdString(v);
    return out;
}

std::set<std::string> fromList(const QStringList& values) {
    std::set<std::string> out;
    for (const QString& v : values)
        out.insert(v.toStdString());
    return out;
}

} // namespace

NotificationSettings NotificationSettings::load(QSettings& settings) {
    NotificationSettings out;
    settings.beginGroup("notifications");
    out.enabled = settings.value("enabled", out.enabled).toBool();
    out.closeToTray = settings.value("closeToTray", out.closeToTray).toBool();
    NotificationFilter& f = out.filter;
    if (settings.contains("states")) {
        f.states.clear();
        for (const QString& name : settings.value("states").toStringList())
            for (HealthState s :
                 {HealthState::Stale, HealthState::Stopped, HealthState::Flapping, HealthState::Unknown})
                if (name.toStdString() == healthStateName(s)) f.states.insert(s);
    }
    f.recoveries = settings.value("recoveries", f.recoveries).toBool();
    f.targets = settings.value("targets", f.targets).toBool();
    f.alertsFiring = settings.value("alertsFiring", f.alertsFiring).toBool();
    f.alertsResolved = settings.value("alertsResolved", f.alertsResolved).toBool();
    if (settings.contains("severities")) f.severities = fromList(settings.value("severities").toStringList());
    f.profiles = fromList(settings.value("profiles").toStringList());
    settings.endGroup();
    return out;
}

void NotificationSettings::save(QSettings& settings) const {
    settings.beginGroup("notifications");
    settings.setValue("enabled", enabled);
    settings.setValue("closeToTray", closeToTray);
    QStringList states;
    for (HealthState s : filter.states)
        states << QString::fromUtf8(healthStateName(s).data());
    settings.setValue("states", states);
    settings.setValue("recoveries", filter.recoveries);
    settings.setValue("targets", filter.targets);
    settings.setValue("alertsFiring", filter.alertsFiring);
    settings.setValue("alertsResolved", filter.alertsResolved);
    settings.setValue("severities", toList(filter.severities));
    settings.setValue("profiles", toList(filter.profiles));
    settings.endGroup();
}

} // namespace dw
