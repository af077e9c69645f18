#pragma once

#include <QString>

// Makes a fresh self-signed certificate and its private key with the openssl command (RSA 2048, valid two
// days), for subject CN=commonName, with subjectAltName IP:127.0.0.1 when forLoopback. Returns an error
// sentence, or empty when both PEM files were written.
QString makeSelfSignedCertificate(const QString& commonName, bool forLoopback, const QString& keyPath,
                                  const QString& certPath);
