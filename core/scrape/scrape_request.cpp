#include "scrape/scrape_request.h"

#include "util/duration.h"

#include <QFile>
#include <QMetaEnum>
#include <QSslConfiguration>
#include <QSslKey>
#include <cstring>

namespace dw {

namespace {

constexpr qint64 kReadChunk = qint64{64} * 1024;
constexpr qsizetype kErrorBodyLimit = 4096; // enough of an error page to quote its first line

std::string limitText(std::size_t bytes) {
    if (bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
    if (bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " bytes";
}

std::string tlsProblem(const QSslError& error) {
    switch (error.error()) {
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
    case QSslError::UnableToGetIssuerCertificate:
        return "TLS: certificate not trusted";
    case QSslError::HostNameMismatch:
        return "TLS: certificate does not match the host name";
    case QSslError::CertificateExpired:
        return "TLS: certificate expired";
    case QSslError::CertificateNotYetValid:
        return "TLS: certificate not yet valid";
    default:
        break;
    }
    return "TLS: " + error.errorString().toStdString();
}

} // namespace

QByteArray ScrapeRequest::acceptHeader() {
    return "application/openmetrics-text;version=1.0.0;q=0.5,application/"
           "openmetrics-text;version=0.0.1;q=0.4,"
           "text/plain;version=0.0.4;q=0.3,*/*;q=0.2";
}

void ScrapeRequest::start(QNetworkAccessManager& manager, const TargetSpec& spec, QObject& owner,
                          Callback callback) {
    auto* request = new ScrapeRequest(spec, std::move(callback));
    request->setParent(&owner); // dies with its owner, whose state the callback uses
    request->send(manager, nullptr);
}

void ScrapeRequest::startApi(QNetworkAccessManager& manager, const TargetSpec& spec, const QByteArray& form,
                             QObject& owner, Callback callback, QByteArray contentType) {
    auto* request = new ScrapeRequest(spec, std::move(callback));
    request->m_contentType = std::move(contentType);
    request->setParent(&owner);
    request->send(manager, &form);
}

ScrapeRequest::ScrapeRequest(const TargetSpec& spec, Callback callback)
    : m_spec(spec), m_callback(std::move(callback)) {}

ScrapeRequest::~ScrapeRequest() {
    // Destroyed before completing (its owner went away): the reply, a child of the network manager,
    // must neither call back into this object nor keep the connection busy.
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void ScrapeRequest::send(QNetworkAccessManager& manager, const QByteArray* form) {
    QNetworkRequest request(m_spec.url);
    request.setRawHeader("Accept", form ? QByteArray("application/json") : acceptHeader());
    request.setRawHeader("Accept-Encoding", "gzip"); // set by hand, so Qt leaves decompression to us
    request.setRawHeader("User-Agent", "DispatchWatch/" DW_VERSION);
    if (!form)
        request.setRawHeader("X-Prometheus-Scrape-Timeout-Seconds",
                             QByteArray::number(double(m_spec.timeoutMs) / 1000.0, 'g', 6));
    for (const auto& [name, value] : m_spec.headers)
        request.setRawHeader(QByteArray::fromStdString(name), QByteArray::fromStdString(value.reveal()));
    if (!m_spec.basicAuthUser.empty() || !m_spec.basicAuthPassword.empty())
        request.setRawHeader("Authorization",
                             "Basic " + QByteArray::fromStdString(m_spec.basicAuthUser + ":" +
                                                                  m_spec.basicAuthPassword.reveal())
                                            .toBase64());
    else if (!m_spec.bearerToken.empty())
        request.setRawHeader("Authorization",
                             "Bearer " + QByteArray::fromStdString(m_spec.bearerToken.reveal()));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(10);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (m_spec.url.scheme() == "https") {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!m_spec.tlsCaFile.empty()) {
            const auto authorities = QSslCertificate::fromPath(QString::fromStdString(m_spec.tlsCaFile));
            if (authorities.isEmpty()) m_tlsError = "TLS: no certificate could be read from the CA file";
            tls.setCaCertificates(authorities);
        }
        if (!m_spec.tlsCertFile.empty()) {
            const auto certificates = QSslCertificate::fromPath(QString::fromStdString(m_spec.tlsCertFile));
            QFile keyFile(QString::fromStdString(m_spec.tlsKeyFile));
            QSslKey key;
            if (keyFile.open(QIODevice::ReadOnly)) {
                const QByteArray pem = keyFile.readAll();
                key = QSslKey(pem, QSsl::Rsa);
                if (key.isNull()) key = QSslKey(pem, QSsl::Ec);
            }
            if (certificates.isEmpty() || key.isNull())
                m_tlsError = "TLS: the client certificate or its key could not be read";
            else {
                tls.setLocalCertificate(certificates.front());
                tls.setPrivateKey(key);
            }
        }
        if (m_spec.tlsInsecureSkipVerify) tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        request.setSslConfiguration(tls);
        if (!m_spec.tlsServerName.empty())
            request.setPeerVerifyName(QString::fromStdString(m_spec.tlsServerName));
    }
    m_elapsed.start();
    if (!m_tlsError.empty()) {
        QTimer::singleShot(0, this, &ScrapeRequest::complete);
        return;
    }
    if (form && !form->isEmpty()) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, m_contentType);
        m_reply = manager.post(request, *form);
    } else {
        m_reply = manager.get(request);
    }
    m_reply->setReadBufferSize(kReadChunk);
    connect(m_reply, &QNetworkReply::readyRead, this, &ScrapeRequest::consume);
    connect(m_reply, &QNetworkReply::finished, this, &ScrapeRequest::complete);
    connect(m_reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError>& errors) {
        if (!errors.isEmpty() && m_tlsError.empty()) m_tlsError = tlsProblem(errors.front());
    });
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_reply) m_reply->abort();
    });
    m_timeout.start(int(m_spec.timeoutMs));
}

void ScrapeRequest::consume() {
    if (!m_reply || m_limitHit || !m_reply->isOpen()) return;
    if (!m_headersSeen) {
        m_headersSeen = true;
        m_gzip = m_reply->rawHeader("Content-Encoding").trimmed().toLower() == "gzip";
        if (m_gzip)
            m_gunzip = std::make_unique<GunzipStream>(m_spec.bodySizeLimit ? m_spec.bodySizeLimit : SIZE_MAX);
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const qint64 announced = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        if (status == 200 && !m_gzip && m_spec.bodySizeLimit && announced > qint64(m_spec.bodySizeLimit)) {
            m_limitHit = true;
            m_reply->abort();
            return;
        }
    }
    const bool errorPage = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200;
    char chunk[kReadChunk];
    for (;;) {
        const qint64 n = m_reply->read(chunk, sizeof chunk);
        if (n <= 0) break;
        m_result.wireBytes += n;
        if (errorPage && m_result.body.size() >= kErrorBodyLimit)
            continue; // keep only the start of an error page
        const qsizetype before = m_result.body.size();
        if (m_gzip) {
            const auto status = m_gunzip->feed(chunk, std::size_t(n), m_result.body);
            if (status == GunzipStream::Status::LimitExceeded) m_limitHit = true;
            if (status == GunzipStream::Status::Corrupt && m_bodyError.empty())
                m_bodyError = "invalid gzip body: " + m_gunzip->error();
        } else if (m_spec.bodySizeLimit &&
                   std::size_t(m_result.body.size()) + std::size_t(n) > m_spec.bodySizeLimit) {
            m_limitHit = true;
        } else {
            m_result.body.append(chunk, qsizetype(n));
        }
        if (!errorPage && m_spec.sampleLimit && m_bodyError.empty() && overSampleLimit(before))
            m_bodyError = "sample limit of " + std::to_string(m_spec.sampleLimit) +
                          " exceeded: the body has more sample lines (reading stopped there)";
        if (m_limitHit || !m_bodyError.empty()) {
            m_reply->abort();
            return;
        }
    }
}

bool ScrapeRequest::overSampleLimit(qsizetype from) {
    // Only lines that begin with a metric name (or Prometheus 3's quoted one) count: each is a sample to
    // the parser too, so a body rejected here would be rejected after reading it whole.
    const char* data = m_result.body.constData();
    const qsizetype end = m_result.body.size();
    for (qsizetype p = from; p < end;) {
        if (m_atLineStart) {
            const char c = data[p];
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c == '{')
                ++m_sampleLines;
            m_atLineStart = false;
        }
        const void* newline = std::memchr(data + p, '\n', std::size_t(end - p));
        if (!newline) break;
        p = qsizetype(static_cast<const char*>(newline) - data) + 1;
        m_atLineStart = true;
    }
    return m_sampleLines > m_spec.sampleLimit;
}

std::string ScrapeRequest::describeNetworkError(QNetworkReply::NetworkError error) const {
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return "connection refused";
    case QNetworkReply::HostNotFoundError:
        if (m_spec.url.host().isEmpty()) return "cannot resolve host: the URL has no valid host name";
        return "cannot resolve host \"" + m_spec.url.host().toStdString() + "\"";
    case QNetworkReply::RemoteHostClosedError:
        return "the target closed the connection before the whole response arrived";
    case QNetworkReply::TooManyRedirectsError:
        return "too many redirects (more than 10)";
    case QNetworkReply::InsecureRedirectError:
        return "refused a redirect from https to http";
    case QNetworkReply::SslHandshakeFailedError:
        return "TLS: handshake failed";
    case QNetworkReply::ProtocolUnknownError:
        return "unsupported URL scheme \"" + m_spec.url.scheme().toStdString() + "\"";
    default:
        break;
    }
    // Qt's own error strings quote the URL, which may carry credentials: name the error instead.
    const char* name = QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(error);
    return std::string("network error: ") + (name ? name : "unknown");
}

void ScrapeRequest::complete() {
    if (m_done) return;
    m_done = true;
    m_timeout.stop();
    if (m_reply) consume();
    FetchResult& r = m_result;
    r.durationMs = m_elapsed.elapsed();
    if (m_reply) {
        r.status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.contentType = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    }
    const auto networkError = m_reply ? m_reply->error() : QNetworkReply::NoError;
    if (m_limitHit) {
        r.error = "body over the " + limitText(m_spec.bodySizeLimit) + " limit";
        r.bodySize = -1;
    } else if (m_timedOut) {
        r.error = "timed out after " + formatDurationMs(m_spec.timeoutMs);
    } else if (!m_tlsError.empty()) {
        r.error = m_tlsError;
    } else if (networkError == QNetworkReply::TooManyRedirectsError ||
               networkError == QNetworkReply::InsecureRedirectError) { // NOLINT(bugprone-branch-clone)
        // Before the status: Qt leaves the last redirect's status in place. The same text as the network
        // error branch below, which must come after the status (hence the clone tidy notices).
        r.error = describeNetworkError(networkError);
    } else if (r.status != 0 && r.status != 200) {
        QByteArray firstLine = r.body.left(200).split('\n').value(0).trimmed();
        r.error =
            "HTTP " + std::to_string(r.status) + (firstLine.isEmpty() ? "" : ": " + firstLine.toStdString());
    } else if (!m_bodyError.empty()) {
        r.error = m_bodyError;
    } else if (networkError != QNetworkReply::NoError) {
        r.error = describeNetworkError(networkError);
    } else if (m_gzip && !r.body.isEmpty() && m_gunzip &&
               m_gunzip->feed(nullptr, 0, r.body) != GunzipStream::Status::Done) {
        r.error = "the gzip body ended early (truncated)";
    } else {
        r.ok = true;
    }
    if (!r.ok) {
        if (r.status != 0 && r.status != 200) r.errorBody = r.body;
        if (r.bodySize != -1) r.bodySize = r.body.size();
        r.body.clear(); // a failed scrape keeps nothing from its body
    } else {
        r.bodySize = r.body.size();
    }
    if (m_reply) m_reply->deleteLater();
    auto callback = std::move(m_callback);
    deleteLater();
    callback(std::move(r));
}

} // namespace dw
