#include "server_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>

namespace dw {

namespace {

QLineEdit* secretField(QWidget* parent) {
    auto* field = new QLineEdit(parent);
    field->setEchoMode(QLineEdit::Password);
    return field;
}

} // namespace

ServerDialog::ServerDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Add Prometheus server"));
    auto* form = new QFormLayout(this);
    m_url = new QLineEdit(this);
    m_url->setObjectName("serverUrl");
    m_url->setPlaceholderText("http://prometheus:9090 or https://mimir/prometheus");
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("optional, e.g. prod"));
    m_match = new QPlainTextEdit(this);
    m_match->setObjectName("serverMatch");
    m_match->setPlaceholderText(tr("one selector per line, e.g. {namespace=\"prod\"}; empty: everything"));
    m_match->setMaximumHeight(60);
    m_user = new QLineEdit(this);
    m_password = secretField(this);
    m_token = secretField(this);
    m_caFile = new QLineEdit(this);
    m_certFile = new QLineEdit(this);
    m_keyFile = new QLineEdit(this);
    m_insecure = new QCheckBox(tr("Skip certificate verification"), this);
    m_headers = new QPlainTextEdit(this);
    m_headers->setPlaceholderText("X-Scope-OrgID: team-a");
    m_headers->setMaximumHeight(60);
    form->addRow(tr("URL"), m_url);
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Only series matching"), m_match);
    form->addRow(tr("Basic auth user"), m_user);
    form->addRow(tr("Password"), m_password);
    form->addRow(tr("Bearer token"), m_token);
    form->addRow(tr("TLS CA file"), m_caFile);
    form->addRow(tr("Client certificate"), m_certFile);
    form->addRow(tr("Client key"), m_keyFile);
    form->addRow(QString(), m_insecure);
    form->addRow(tr("Extra headers"), m_headers);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

std::optional<PrometheusServerSpec> ServerDialog::server(QString& error) const {
    std::string message;
    auto spec = PrometheusServerSpec::fromUrl(m_url->text(), message);
    if (!spec) {
        error = QString::fromStdString(message);
        return std::nullopt;
    }
    spec->name = m_name->text().trimmed().toStdString();
    for (const QString& line : m_match->toPlainText().split('\n', Qt::SkipEmptyParts))
        if (!line.trimmed().isEmpty()) spec->match.push_back(line.trimmed().toStdString());
    if (!m_user->text().isEmpty()) {
        spec->http.basicAuthUser = m_user->text().toStdString();
        spec->http.basicAuthPassword = Secret(m_password->text().toStdString());
    }
    if (!m_token->text().isEmpty()) spec->http.bearerToken = Secret(m_token->text().toStdString());
    spec->http.tlsCaFile = m_caFile->text().trimmed().toStdString();
    spec->http.tlsCertFile = m_certFile->text().trimmed().toStdString();
    spec->http.tlsKeyFile = m_keyFile->text().trimmed().toStdString();
    spec->http.tlsInsecureSkipVerify = m_insecure->isChecked();
    for (const QString& line : m_headers->toPlainText().split('\n', Qt::SkipEmptyParts)) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            error = tr("A header is NAME: VALUE (\"%1\" is not)").arg(line.left(40));
            return std::nullopt;
        }
        spec->http.headers.emplace_back(line.left(colon).trimmed().toStdString(),
                                        Secret(line.mid(colon + 1).trimmed().toStdString()));
    }
    if (!spec->validateMatch(message)) {
        error = QString::fromStdString(message);
        return std::nullopt;
    }
    return spec;
}

} // namespace dw
