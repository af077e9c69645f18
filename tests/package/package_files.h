#pragma once

#include <QString>
#include <QStringList>

// What the package tests share: where scripts/package.sh left the package, and what it must install.

// The one dispatchwatch_*.deb in the build's package/ folder; empty, with what to run in error, when
// there is none (or more than one).
QString findPackage(QString& error);

// Every file the package installs, as absolute paths.
QStringList packageFiles();
