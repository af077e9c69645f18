#include "cli/input_source.h"

#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
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

bool InputBytes::open(const QString& path, QString& error) {
    if (path != QLatin1String("-")) {
        m_file.setFileName(path);
        if (!m_file.open(QIODevice::ReadOnly)) {
            error = QStringLiteral("cannot read %1: %2").arg(inputDisplayName(path), m_file.errorString());
            return false;
        }
        const qint64 size = m_file.size();
        if (size > 0 && !m_file.isSequential()) {
            if (const uchar* mapped = m_file.map(0, size)) {
                m_view = {reinterpret_cast<const char*>(mapped), std::size_t(size)};
                return true;
            }
        }
        m_file.close();
    }
    auto read = readInput(path, error);
    if (!read) return false;
    m_read = std::move(*read);
    m_view = {m_read.constData(), std::size_t(m_read.size())};
    return true;
}

bool looksLikeUrl(const QString& argument) {
    return argument.startsWith("http://", Qt::CaseInsensitive) ||
           argument.startsWith("https://", Qt::CaseInsensitive);
}

std::optional<TargetSpec> targetFromUrl(const QString& text, std::int64_t timeoutMs, QString& error) {
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") || url.host().isEmpty()) {
        error = QStringLiteral("not an http(s) URL: \"%1\"").arg(QUrl(text).toString(QUrl::RemoveUserInfo));
        return std::nullopt;
    }
    TargetSpec spec;
    spec.url = url;
    spec.job = "check";
    const int port = url.port(url.scheme() == "https" ? 443 : 80);
    spec.labels = {{"instance", QStringLiteral("%1:%2").arg(url.host()).arg(port).toStdString()},
                   {"job", "check"}};
    spec.timeoutMs = timeoutMs;
    if (!url.userName().isEmpty()) {
        spec.basicAuthUser = url.userName().toStdString();
        spec.basicAuthPassword = Secret(url.password().toStdString());
        spec.url.setUserInfo({}); // credentials travel in the header, never in text
    }
    return spec;
}

FetchResult fetchOnce(const TargetSpec& target) {
    QNetworkAccessManager network;
    FetchResult result;
    bool done = false;
    QEventLoop loop;
    ScrapeRequest::start(network, target, loop, [&](FetchResult fetched) {
        result = std::move(fetched);
        done = true;
        loop.quit();
    });
    if (!done) loop.exec();
    return result;
}

QString inputDisplayName(const QString& path) {
    return path == QLatin1String("-") ? QStringLiteral("<stdin>") : path;
}

} // namespace dw::cli
