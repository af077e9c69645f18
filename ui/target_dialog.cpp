#include "target_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>

namespace dw {

TargetDialog::TargetDialog(const TargetSpec& initial, QWidget* parent) : QDialog(parent), m_initial(initial) {
    setWindowTitle(initial.url.isEmpty() ? tr("Add target") : tr("Edit target"));
    auto* form = new QFormLayout(this);
    m_url = new QLineEdit(initial.url.toString(QUrl::RemoveUserInfo), this);
    m_url->setPlaceholderText("http://127.0.0.1:5001/metrics");
    m_job = new QLineEdit(QString::fromStdString(initial.job.empty() ? "dispatchwatch" : initial.job), this);
    m_interval = new QSpinBox(this);
    m_interval->setRange(1, 3600);
    m_interval->setSuffix(" s");
    m_interval->setValue(int(std::max<std::int64_t>(1, initial.intervalMs / 1000)));
    m_timeout = new QSpinBox(this);
    m_timeout->setRange(1, 600);
    m_timeout->setSuffix(" s");
    m_timeout->setValue(int(std::max<std::int64_t>(1, initial.timeoutMs / 1000)));
    m_user = new QLineEdit(QString::fromStdString(initial.basicAuthUser), this);
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(initial.basicAuthPassword.empty() ? "" : tr("(unchanged)"));
    m_token = new QLineEdit(this);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(initial.bearerToken.empty() ? "" : tr("(unchanged)"));
    m_caFile = new QLineEdit(QString::fromStdString(initial.tlsCaFile), this);
    m_insecure = new QCheckBox(tr("Skip certificate verification"), this);
    m_insecure->setChecked(initial.tlsInsecureSkipVerify);
    form->addRow(tr("URL"), m_url);
    form->addRow(tr("Job"), m_job);
    form->addRow(tr("Interval"), m_interval);
    form->addRow(tr("Timeout"), m_timeout);
    form->addRow(tr("Basic auth user"), m_user);
    form->addRow(tr("Password"), m_password);
    form->addRow(tr("Bearer token"), m_token);
    form->addRow(tr("TLS CA file"), m_caFile);
    form->addRow(QString(), m_insecure);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

std::optional<TargetSpec> TargetDialog::target() const {
    const QUrl url = QUrl::fromUserInput(m_url->text().trimmed());
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") || url.host().isEmpty())
        return std::nullopt;
    TargetSpec spec = m_initial;
    spec.url = url.adjusted(QUrl::RemoveUserInfo);
    spec.job = m_job->text().trimmed().isEmpty() ? "dispatchwatch" : m_job->text().trimmed().toStdString();
    const int port = url.port(url.scheme() == "https" ? 443 : 80);
    spec.labels = {{"instance", url.host().toStdString() + ":" + std::to_string(port)}, {"job", spec.job}};
    spec.intervalMs = std::int64_t(m_interval->value()) * 1000;
    spec.timeoutMs = std::min<std::int64_t>(std::int64_t(m_timeout->value()) * 1000, spec.intervalMs);
    spec.basicAuthUser = m_user->text().toStdString();
    if (!m_password->text().isEmpty()) spec.basicAuthPassword = Secret(m_password->text().toStdString());
    if (!url.password().isEmpty()) { // credentials typed into the URL become basic authentication
        spec.basicAuthUser = url.userName().toStdString();
        spec.basicAuthPassword = Secret(url.password().toStdString());
    }
    if (!m_token->text().isEmpty()) spec.bearerToken = Secret(m_token->text().toStdString());
    spec.tlsCaFile = m_caFile->text().toStdString();
    spec.tlsInsecureSkipVerify = m_insecure->isChecked();
    return spec;
}

} // namespace dw
