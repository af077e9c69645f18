#pragma once

#include <QJsonArray>
#include <QList>
#include <QPair>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

// The real Prometheus server (Debian package prometheus) for tests: started on 127.0.0.1 and a free port
// with a given scrape configuration and a temporary storage folder, queried over its HTTP API, and stopped
// by its process id (on destruction at the latest).
class PrometheusServer {
public:
    PrometheusServer() = default;
    ~PrometheusServer() { stop(); }

    // Starts it; returns an error sentence, or empty when it runs. extraArgs: more flags
    // (--web.config.file=..., --web.route-prefix=...).
    QString start(const QString& configYaml, const QStringList& extraArgs = {});
    // Starts it again after stop(), on the same port, storage and flags (a server that comes back).
    QString restart();
    // Waits until /-/ready answers 200 (under prefix), at most 30 s; an error sentence or empty.
    QString waitUntilReady(const QString& prefix = {});
    quint16 port() const { return m_port; }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    QString folder() const { return m_dir.path(); }
    // Starts it over an existing TSDB folder (one `promtool tsdb create-blocks-from openmetrics` wrote),
    // without scrape targets, and waits until it answers queries. Returns an error sentence or empty.
    QString startOnStorage(const QString& storagePath);
    // Backfills an OpenMetrics file with timestamps into a TSDB folder with promtool.
    static QString backfill(const QString& openMetricsFile, const QString& storagePath);
    // GET of an API path ("/api/v1/query_range"); the body, and the HTTP status in *status.
    // Every parameter is percent-encoded, so expressions keep their '+', '%' and '&'.
    using Params = QList<QPair<QString, QString>>;
    QByteArray get(const QString& path, const Params& params, int* status = nullptr) const;
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
    QStringList m_args;
};
