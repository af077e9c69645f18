#pragma once

#include "promapi/server_spec.h"

#include <QCheckBox>
#include <QDialog>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <optional>

namespace dw {

// Asks for a Prometheus server to watch: its URL (a path prefix allowed), an optional name, the selectors
// that limit what is watched, basic auth or a bearer token, TLS (CA, client certificate, verification)
// and extra headers. Passwords and tokens are typed into password fields and never shown again.
// Thread-safety: a widget; use on the UI thread.
class ServerDialog : public QDialog {
    Q_OBJECT

public:
    explicit ServerDialog(QWidget* parent = nullptr);
    // The server described, or nothing with error when the URL, a selector or a header is not usable.
    std::optional<PrometheusServerSpec> server(QString& error) const;

    QLineEdit* url() const { return m_url; }
    QPlainTextEdit* match() const { return m_match; }

private:
    QLineEdit* m_url;
    QLineEdit* m_name;
    QPlainTextEdit* m_match;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QLineEdit* m_token;
    QLineEdit* m_caFile;
    QLineEdit* m_certFile;
    QLineEdit* m_keyFile;
    QCheckBox* m_insecure;
    QPlainTextEdit* m_headers;
};

} // namespace dw
