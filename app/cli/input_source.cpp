#include "cli/input_source.h"

#include <QFile>
#include <cstdio>

namespace dw::cli {

std::optional<QByteArray> readInput(const QString& path, QString& error) {
    QFile file;
    bool opened = false;
    if (path == QLatin1String("-"))
        opened = file.open(stdin, QIODevice::ReadOnly);
    else {
        file.setFileName(path);
        opened = file.open(QIODevice::ReadOnly);
    }
    if (!opened) {
        error = QStringLiteral("cannot read %1: %2").arg(inputDisplayName(path), file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

QString inputDisplayName(const QString& path) {
    return path == QLatin1String("-") ? QStringLiteral("<stdin>") : path;
}

} // namespace dw::cli
