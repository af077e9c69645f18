#pragma once

#include <QJsonArray>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

// The real Alertmanager (Debian package prometheus-alertmanager) for tests: started on 127.0.0.1 and a
// given or free port with a configuration that routes every alert to a receiver that does nothing and
// clustering off, read back through its API v2 and amtool, and stopped by its process id (on destruction
// at the latest).
class AlertmanagerServer {
public:
    AlertmanagerServer() = default;
    ~AlertmanagerServer() { stop(); }

    // Starts it and waits until /-/ready answers; an error sentence, or empty. port 0: a free one.
    QString start(quint16 port = 0);
    void stop();
    quint16 port() const { return m_port; }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    // GET /api/v2/alerts: the alerts Alertmanager holds that have not ended (empty on failure).
    QJsonArray alerts() const;
    // `amtool alert query -o json`: the same through Alertmanager's own client; error set on failure.
    QJsonArray amtoolAlerts(QString& error) const;

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};
