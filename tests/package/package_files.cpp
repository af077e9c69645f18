#include "package_files.h"

#include <QDir>

QString findPackage(QString& error) {
    const QDir folder(QStringLiteral(DW_PACKAGE_DIR));
    const QStringList found = folder.entryList({"dispatchwatch_*.deb"}, QDir::Files);
    if (found.size() == 1) return folder.filePath(found.first());
    error = QStringLiteral("%1 dispatchwatch_*.deb in %2: run scripts/package.sh %3 first")
                .arg(found.size())
                .arg(folder.path(), QFileInfo(folder.path()).path());
    return {};
}

QStringList packageFiles() {
    QStringList files = {
        "/usr/bin/dispatchwatch",
        "/usr/share/applications/dispatchwatch.desktop",
        "/usr/share/icons/hicolor/scalable/apps/dispatchwatch.svg",
        "/usr/share/metainfo/io.github.dispatchwatch.dispatchwatch.metainfo.xml",
        "/usr/share/man/man1/dispatchwatch.1.gz",
        "/usr/share/bash-completion/completions/dispatchwatch",
        "/usr/share/doc/dispatchwatch/copyright",
        "/usr/share/doc/dispatchwatch/changelog.gz",
    };
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
        files << QStringLiteral("/usr/share/icons/hicolor/%1x%1/apps/dispatchwatch.png").arg(size);
    return files;
}
