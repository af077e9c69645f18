#pragma once

#include "promapi/server_spec.h"

#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QUrlQuery>
#include <functional>
#include <string>
#include <vector>

namespace dw {

// The outcome of one Prometheus API call: the envelope's data on success; otherwise a sentence for a
// person naming the server (never a credential), what went wrong, and for a query error the query.
// A value type.
struct ApiResponse {
    enum class Failure {
        None,
        Unreachable,    // refused, timeout, DNS, TLS, connection lost
        Authentication, // HTTP 401 or 403
        NotReady,       // HTTP 503 (a server starting)
        Query,          // Prometheus's error JSON: bad_data, timeout, execution...
        TooLarge,       // over the response size limit
        Malformed,      // not the API's JSON (truncated, an HTML page, a wrong URL)
        Http            // any other status
    };
    bool ok = false;
    Failure failure = Failure::None;
    QJsonValue data;
    QByteArray body; // instead of data, when the call asked for the raw body (a 200 answer only)
    std::vector<std::string> warnings; // partial answers (Thanos, Mimir) and Prometheus's infos
    std::string error;
    std::string errorType; // Prometheus's errorType when it sent one
    int status = 0;
    qint64 bytes = 0;     // received: the body as it came over the network (gzip-compressed by Prometheus)
    qint64 bodyBytes = 0; // the body decompressed
    std::int64_t durationMs = 0;
};

// One call of the Prometheus HTTP API (a POST of a form for queries, a GET otherwise), through
// ScrapeRequest's transport: auth, TLS, headers, gzip, the response size limit and the timeout.
// The callback runs once, on the owner's thread, and never after the owner is destroyed.
// Thread-safety: call from the thread of the manager and the owner.
namespace api {

using Callback = std::function<void(ApiResponse)>;
// raw: a 200 answer is handed over as its body, unparsed (for readSeries); errors are decoded as ever.
void call(QNetworkAccessManager& manager, const PrometheusServerSpec& server, const QString& path,
          const QUrlQuery& form, bool post, QObject& owner, Callback callback, bool raw = false);

// The same, waiting in a local event loop: for the command line.
ApiResponse callAndWait(QNetworkAccessManager& manager, const PrometheusServerSpec& server,
                        const QString& path, const QUrlQuery& form, bool post = true);

// Decodes a response body (exposed for tests and the fault cases). queryText names the query in errors.
ApiResponse decode(const PrometheusServerSpec& server, int status, const QByteArray& body,
                   const std::string& queryText);

} // namespace api

} // namespace dw
