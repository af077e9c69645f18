#include "notification_settings_dialog.h"

#include <QDialogButtonBox>
#include <QGroupBox>
#include <QVBoxLayout>

namespace dw {

namespace {

QCheckBox* box(const QString& text, bool checked, QWidget* parent, QLayout* layout) {
    auto* b = new QCheckBox(text, parent);
    b->setChecked(checked);
    layout->addWidget(b);
    return b;
}

} // namespace

NotificationSettingsDialog::NotificationSettingsDialog(const NotificationSettings& settings,
                                                       const std::vector<std::string>& profiles,
                                                       QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Notifications"));
    auto* layout = new QVBoxLayout(this);
    m_enabled = box(tr("Show desktop notifications"), settings.enabled, this, layout);
    m_closeToTray = box(tr("Closing the window keeps DispatchWatch running in the tray"),
                        settings.closeToTray, this, layout);

    auto* changes = new QGroupBox(tr("Notify when an entity becomes"), this);
    auto* changesLayout = new QVBoxLayout(changes);
    for (HealthState s :
         {HealthState::Stale, HealthState::Flapping, HealthState::Stopped, HealthState::Unknown})
        m_states[s] = box(QString::fromUtf8(healthStateName(s).data()), settings.filter.states.count(s) > 0,
                          changes, changesLayout);
    m_recoveries = box(tr("healthy again"), settings.filter.recoveries, changes, changesLayout);
    layout->addWidget(changes);

    auto* others = new QGroupBox(tr("and when"), this);
    auto* othersLayout = new QVBoxLayout(others);
    m_targets = box(tr("a target goes down or comes back"), settings.filter.targets, others, othersLayout);
    m_firing = box(tr("an alert fires"), settings.filter.alertsFiring, others, othersLayout);
    m_resolved = box(tr("an alert resolves"), settings.filter.alertsResolved, others, othersLayout);
    layout->addWidget(others);

    auto* severities = new QGroupBox(tr("Alerts of severity"), this);
    auto* severitiesLayout = new QHBoxLayout(severities);
    for (const char* s : {"critical", "warning", "info"})
        m_severities[s] =
            box(s, settings.filter.severities.empty() || settings.filter.severities.count(s) > 0, severities,
                severitiesLayout);
    layout->addWidget(severities);

    auto* chosen = new QGroupBox(tr("Entities of the profiles"), this);
    auto* chosenLayout = new QVBoxLayout(chosen);
    for (const std::string& p : profiles)
        m_profiles[p] = box(QString::fromStdString(p),
                            settings.filter.profiles.empty() || settings.filter.profiles.count(p) > 0, chosen,
                            chosenLayout);
    layout->addWidget(chosen);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

NotificationSettings NotificationSettingsDialog::settings() const {
    NotificationSettings out;
    out.enabled = m_enabled->isChecked();
    out.closeToTray = m_closeToTray->isChecked();
    out.filter.states.clear();
    for (const auto& [state, b] : m_states)
        if (b->isChecked()) out.filter.states.insert(state);
    out.filter.recoveries = m_recoveries->isChecked();
    out.filter.targets = m_targets->isChecked();
    out.filter.alertsFiring = m_firing->isChecked();
    out.filter.alertsResolved = m_resolved->isChecked();
    // All ticked: every severity, unnamed ones too (an empty set); none: a set nothing matches.
    out.filter.severities.clear();
    bool every = true;
    for (const auto& [name, b] : m_severities)
        if (b->isChecked())
            out.filter.severities.insert(name);
        else
            every = false;
    if (every) out.filter.severities.clear();
    if (out.filter.severities.empty() && !every) out.filter.severities.insert("(none)");
    // Every profile ticked is the same as none named: profiles loaded later are included too.
    bool all = true;
    for (const auto& [name, b] : m_profiles)
        if (b->isChecked())
            out.filter.profiles.insert(name);
        else
            all = false;
    if (all) out.filter.profiles.clear();
    return out;
}

} // namespace dw
