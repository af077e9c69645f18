#include "grafana_tabs.h"

#include <QFileInfo>
#include <QTabBar>

namespace dw {

GrafanaTabs::GrafanaTabs(MonitorSession& session, const Theme& theme, QTabWidget& tabs, QObject* parent)
    : QObject(parent), m_session(session), m_theme(theme), m_tabs(tabs) {
    m_tabs.setTabsClosable(true);
    // Only dashboards close; the window's own pages keep no close button.
    for (int i = 0; i < m_tabs.count(); ++i)
        m_tabs.tabBar()->setTabButton(i, QTabBar::RightSide, nullptr);
    connect(&m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        if (auto* page = qobject_cast<GrafanaPage*>(m_tabs.widget(index))) close(page);
    });
}

bool GrafanaTabs::isDashboardFile(const QString& path) {
    return path.endsWith(".json", Qt::CaseInsensitive);
}

GrafanaPage* GrafanaTabs::open(const QString& path, QString& error) {
    const QString canonical = QFileInfo(path).absoluteFilePath();
    for (GrafanaPage* page : pages())
        if (page->path() == canonical) {
            m_tabs.setCurrentWidget(page);
            return page;
        }
    GrafanaPage* page = GrafanaPage::open(m_session, m_theme, canonical, error, &m_tabs);
    if (!page) return nullptr;
    const QString title = QString::fromStdString(page->dashboard().title);
    QString label = title.isEmpty() ? QFileInfo(path).fileName() : title;
    const int index = m_tabs.addTab(page, label.replace("&", "&&"));
    m_tabs.setTabToolTip(index, canonical);
    m_tabs.setCurrentIndex(index);
    emit pathsChanged(paths());
    return page;
}

void GrafanaTabs::close(GrafanaPage* page) {
    m_tabs.removeTab(m_tabs.indexOf(page));
    page->deleteLater();
    emit pathsChanged(paths());
}

std::vector<GrafanaPage*> GrafanaTabs::pages() const {
    std::vector<GrafanaPage*> out;
    for (int i = 0; i < m_tabs.count(); ++i)
        if (auto* page = qobject_cast<GrafanaPage*>(m_tabs.widget(i))) out.push_back(page);
    return out;
}

QStringList GrafanaTabs::paths() const {
    QStringList out;
    for (GrafanaPage* page : pages())
        out << page->path();
    return out;
}

} // namespace dw
