#pragma once

#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>

// The real Prometheus server (Debian package prometheus) for tests: started on 127.0.0.1 and a free port
// with a given scrape configuration and a temporary storage folder, queried over its HTTP API, and stopped
// by its process id (on destruction at the latest).
class PrometheusServer {
public:
    PrometheusServer() = default;
    ~PrometheusServer() { stop(); }

    // Starts it; returns an error sentence, or empty when it runs.
    QString start(const QString& configYaml);
    void stop();
    QByteArray output() { return m_process.readAll(); }

    // An instant query; the result array (empty on any failure).
    QJsonArray query(const QString& expression) const;
    // The value of the first series of a query, or -1.
    double value(const QString& expression) const;

    // A port nothing listens on right now.
    static quint16 freePort();
    // Stops a process we started: SIGTERM, then SIGKILL if it does not end.
    static void stopProcess(QProcess& process);

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};
