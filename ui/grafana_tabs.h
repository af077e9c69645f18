#pragma once

#include "grafana_page.h"

#include <QObject>
#include <QTabWidget>

namespace dw {

// The Grafana dashboards open in a window, each a closable tab after the window's own pages. Opening a
// file that is already open shows its tab; a file that cannot be read is reported, nothing else changes.
// Thread-safety: a QObject of the UI thread.
class GrafanaTabs : public QObject {
    Q_OBJECT

public:
    GrafanaTabs(MonitorSession& session, const Theme& theme, QTabWidget& tabs, QObject* parent = nullptr);

    // The page of the file, opened if need be; null and error when it cannot be read.
    GrafanaPage* open(const QString& path, QString& error);
    void close(GrafanaPage* page);
    std::vector<GrafanaPage*> pages() const;
    QStringList paths() const;
    // Whether a dropped or chosen file looks like a dashboard (JSON).
    static bool isDashboardFile(const QString& path);

signals:
    // The open dashboards changed (to be remembered for the next run).
    void pathsChanged(const QStringList& paths);

private:
    MonitorSession& m_session;
    const Theme& m_theme;
    QTabWidget& m_tabs;
};

} // namespace dw
