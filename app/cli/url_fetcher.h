#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace dw::cli {

// One HTTP GET of a /metrics URL for the headless commands, sent the way Prometheus sends scrapes
// (its Accept header, a DispatchWatch User-Agent, gzip handled by Qt). Blocks in a local event loop.
struct FetchResult {
    bool ok = false;
    int status = 0;
    QString contentType;
    QByteArray body;
    QString error; // a sentence for a person: "connection refused", "HTTP 503: Monitoring service not
                   // initialized"
};

FetchResult fetchUrl(const QUrl& url, int timeoutMs = 10000);

// True when the argument names an http or https URL rather than a file.
bool looksLikeUrl(const QString& argument);

} // namespace dw::cli
