#pragma once

#include "scrape/gunzip_stream.h"
#include "scrape/target_spec.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>
#include <functional>
#include <memory>

namespace dw {

// The outcome of one HTTP scrape. error is a sentence for a person and never contains the URL or a secret.
struct FetchResult {
    bool ok = false;
    int status = 0;
    QByteArray contentType;
    QByteArray body;      // decompressed
    qint64 bodySize = 0;  // decompressed bytes; -1 when the body limit was hit, as Prometheus reports
    qint64 wireBytes = 0; // of the body as received (compressed when gzip was used)
    std::int64_t durationMs = 0;
    std::string error;
    QByteArray errorBody; // the start (4 KiB) of a response whose status was not 200, for API error JSON
};

// One HTTP GET of a target, sent as Prometheus sends scrapes: its Accept header (OpenMetrics 1.0 first,
// then text 0.0.4), Accept-Encoding: gzip (decompressed here, incrementally), X-Prometheus-Scrape-Timeout-
// Seconds and a DispatchWatch User-Agent; basic or bearer authentication; TLS with the system or a given
// CA, a client certificate, or verification off when asked. The body limit is enforced while reading,
// after decompression, so nothing past it is ever buffered. The timeout covers the whole request.
// Calls back exactly once, then deletes itself.
// Ownership: the request is a child of the owner given to start(), so destroying the owner (a target
// scraper being removed) destroys the request with it: its reply is aborted and the callback, which may
// point into the owner, is never called. Thread-safety: lives in the thread of its manager and owner.
class ScrapeRequest : public QObject {
public:
    using Callback = std::function<void(FetchResult)>;

    // Starts at once; call from the thread of the manager and the owner (both must live there).
    static void start(QNetworkAccessManager& manager, const TargetSpec& spec, QObject& owner,
                      Callback callback);
    // The same for an HTTP API call (the Prometheus and Alertmanager APIs): a POST of the body (a form, or
    // what contentType says) when it is not empty, else a GET, accepting JSON; authentication, TLS,
    // headers, limit and timeout as for a scrape.
    static void startApi(QNetworkAccessManager& manager, const TargetSpec& spec, const QByteArray& form,
                         QObject& owner, Callback callback,
                         QByteArray contentType = "application/x-www-form-urlencoded");
    ~ScrapeRequest() override;

    static QByteArray acceptHeader();

private:
    ScrapeRequest(const TargetSpec& spec, Callback callback);
    void send(QNetworkAccessManager& manager, const QByteArray* form);
    void consume();
    void complete();
    std::string describeNetworkError(QNetworkReply::NetworkError error) const;
    bool overSampleLimit(qsizetype from);

    TargetSpec m_spec;
    Callback m_callback;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timeout;
    QElapsedTimer m_elapsed;
    FetchResult m_result;
    std::unique_ptr<GunzipStream> m_gunzip;
    bool m_headersSeen = false;
    bool m_gzip = false;
    bool m_timedOut = false;
    bool m_limitHit = false;
    bool m_done = false;
    QByteArray m_contentType;
    std::string m_tlsError;
    std::string m_bodyError;
    // Sample lines counted as the body arrives, so a body far over the sample limit is not read whole.
    std::size_t m_sampleLines = 0;
    bool m_atLineStart = true;
};

} // namespace dw
