#include "app_process.h"

#include "prometheus_server.h"

#include <QElapsedTimer>
#include <QRegularExpression>

AppRun runApp(const QString& appPath, const QStringList& arguments, int timeoutMs,
              const QByteArray& stdinData) {
    QProcess process;
    process.start(appPath, arguments);
    if (!stdinData.isEmpty()) process.write(stdinData);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        PrometheusServer::stopProcess(process);
        return {-1, QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

QString startDemo(const QString& appPath, QProcess& demo, const QStringList& extraArguments) {
    demo.start(appPath, QStringList{"serve-demo", "--listen", "127.0.0.1:0"} + extraArguments);
    if (!demo.waitForStarted(10000)) return {};
    QElapsedTimer timer;
    timer.start();
    QByteArray out;
    while (timer.elapsed() < 10000 && !out.contains('\n')) {
        demo.waitForReadyRead(200);
        out += demo.readAllStandardOutput();
    }
    const auto match = QRegularExpression("serving (\\S+)").match(QString::fromUtf8(out));
    return match.hasMatch() ? match.captured(1) : QString();
}
