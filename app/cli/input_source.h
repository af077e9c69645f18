#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace dw::cli {

// Reads a whole input named on the command line: a file path, or "-" for standard input.
// On failure returns nothing and sets error to a sentence naming the input and the reason.
std::optional<QByteArray> readInput(const QString& path, QString& error);

// How diagnostics name an input: the path, or "<stdin>" for "-".
QString inputDisplayName(const QString& path);

} // namespace dw::cli
