#pragma once

#include "scrape/scrape_request.h"
#include "scrape/target_spec.h"

#include <QByteArray>
#include <QFile>
#include <QString>
#include <optional>
#include <string_view>

namespace dw::cli {

// Reads a whole input named on the command line: a file path, or "-" for standard input.
// On failure returns nothing and sets error to a sentence naming the input and the reason.
std::optional<QByteArray> readInput(const QString& path, QString& error);

// A whole input for reading in place: a regular file is mapped into memory (no copy, and its pages come
// from the page cache instead of being allocated and filled), anything else (standard input, a pipe) is
// read. Thread-safety: none; the view lives as long as the object.
class InputBytes {
public:
    // On failure returns false and sets error to a sentence naming the input and the reason.
    bool open(const QString& path, QString& error);
    std::string_view view() const { return m_view; }

private:
    QFile m_file;
    QByteArray m_read;
    std::string_view m_view;
};

// True when the argument names an http or https URL rather than a file.
bool looksLikeUrl(const QString& argument);

// A target for a URL given on the command line: job "check", instance host:port; credentials in the URL
// become basic authentication and leave the URL, so they are never printed. On failure sets error.
std::optional<TargetSpec> targetFromUrl(const QString& text, std::int64_t timeoutMs, QString& error);

// One scrape of a target, waiting in a local event loop: what lint does with a URL.
FetchResult fetchOnce(const TargetSpec& target);

// How diagnostics name an input: the path, or "<stdin>" for "-".
QString inputDisplayName(const QString& path);

} // namespace dw::cli
