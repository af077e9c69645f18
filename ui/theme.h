#pragma once

#include "health/health_state.h"

#include <QColor>
#include <QPalette>

namespace dw {

// The dashboard's colours. Statuses use Grafana's conventions, which users of this kind of tool already
// read at a glance (good green, warning amber, attention orange, bad red, inactive grey); series colours
// follow Grafana's classic palette so a chart looks as it does there.
// Thread-safety: a value type; apply() must run on the GUI thread.
class Theme {
public:
    enum class Kind { Light, Dark };
    enum class Status { Good, Warning, Attention, Bad, Inactive };

    explicit Theme(Kind kind) : m_kind(kind) {}
    static Theme fromName(const QString& name, bool* ok = nullptr); // "light" or "dark"

    Kind kind() const { return m_kind; }
    // Switches light and dark at run time; widgets holding this theme re-read it when told to.
    void setKind(Kind kind) { m_kind = kind; }
    QPalette palette() const;
    QColor statusColor(Status status) const;
    // The status an entity's health state is shown in (health table, timeline markers, tray).
    static Status statusOf(HealthState state);
    QColor seriesColor(int index) const;
    // Applies the palette to the whole application.
    void apply() const;

private:
    Kind m_kind;
};

} // namespace dw
