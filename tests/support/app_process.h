#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

// The dispatchwatch executable as tests run it: a command to completion, and serve-demo in the background.

struct AppRun {
    int exitCode = -1; // -1: did not finish in time (then killed)
    QString out;
    QString err;
};

// Runs `dispatchwatch ARGUMENTS` (appPath: DW_APP_PATH), feeding stdinData, at most timeoutMs.
AppRun runApp(const QString& appPath, const QStringList& arguments, int timeoutMs = 60000,
              const QByteArray& stdinData = {});

// Starts `dispatchwatch serve-demo` on an ephemeral loopback port with extra arguments (--scenario,
// --speed); returns its /metrics URL, or empty when it did not start. The caller owns the process and
// stops it (PrometheusServer::stopProcess) or lets its destructor kill it.
QString startDemo(const QString& appPath, QProcess& demo, const QStringList& extraArguments = {});
