#include "util/settings_check.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace dw {

namespace {

// Why the file cannot be used, or empty.
QString problemWith(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return QObject::tr("it cannot be read (%1)").arg(file.errorString());
    const QByteArray bytes = file.readAll();
    // QSettings reads almost anything as INI; binary content is what a damaged disk or a crash leaves.
    if (bytes.contains('\0')) return QObject::tr("it holds binary data, not settings");
    const QSettings settings(path, QSettings::IniFormat);
    if (settings.status() == QSettings::FormatError) return QObject::tr("it is not a valid settings file");
    if (settings.status() == QSettings::AccessError) return QObject::tr("it cannot be read");
    const int version = settings.value(SettingsCheck::kVersionKey, 0).toInt();
    if (version > SettingsCheck::kVersion)
        return QObject::tr("it was written by a newer DispatchWatch (settings version %1; this one reads %2)")
            .arg(version)
            .arg(SettingsCheck::kVersion);
    return {};
}

} // namespace

QString SettingsCheck::userSettingsPath() {
    // As QSettings names a user-scope file on Unix.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + '/' +
           QCoreApplication::organizationName() + '/' + QCoreApplication::applicationName() + ".conf";
}

QString SettingsCheck::setAsideIfUnusable(const QString& path) {
    if (!QFileInfo::exists(path)) return {};
    const QString problem = problemWith(path);
    if (problem.isEmpty()) return {};
    const QString aside = path + ".unusable-" + QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss");
    // A rename needs no read access to the file, so even an unreadable one is kept as it was.
    if (!QFile::rename(path, aside)) {
        const QString elsewhere = QDir::tempPath() + "/dispatchwatch-settings-" +
                                  QString::number(QCoreApplication::applicationPid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, elsewhere);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, elsewhere);
        return QObject::tr("Settings %1 are not used: %2, and it could not be moved aside; defaults are used "
                           "and this run's settings are not saved over it.")
            .arg(path, problem);
    }
    return QObject::tr("Settings %1 are not used: %2. The file was kept as %3; defaults are used.")
        .arg(path, problem, aside);
}

} // namespace dw
