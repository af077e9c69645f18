#include "test_certificate.h"

#include <QProcess>

QString makeSelfSignedCertificate(const QString& commonName, bool forLoopback, const QString& keyPath,
                                  const QString& certPath) {
    QStringList arguments = {"req",   "-x509", "-newkey", "rsa:2048",         "-nodes",
                             "-days", "2",     "-subj",   "/CN=" + commonName};
    if (forLoopback)
        arguments << "-addext"
                  << "subjectAltName=IP:127.0.0.1";
    arguments << "-keyout" << keyPath << "-out" << certPath;
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start("openssl", arguments);
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
        return "openssl could not make a certificate: " + QString::fromUtf8(openssl.readAll());
    return {};
}
