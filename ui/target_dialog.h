#pragma once

#include "scrape/target_spec.h"

#include <QCheckBox>
#include <QDialog>
#include <QLineEdit>
#include <QSpinBox>

namespace dw {

// Adds or edits a target: URL, job, interval, timeout, basic authentication or a bearer token, and TLS
// (CA file, skip verification). Passwords and tokens are masked and only ever kept as Secrets.
// Thread-safety: a dialog; use on the UI thread.
class TargetDialog : public QDialog {
    Q_OBJECT

public:
    explicit TargetDialog(const TargetSpec& initial, QWidget* parent = nullptr);
    // The target as entered; nothing (with a message shown) when the URL is not usable.
    std::optional<TargetSpec> target() const;
    // For tests: the URL field.
    QLineEdit* urlField() const { return m_url; }
    QLineEdit* jobField() const { return m_job; }

private:
    QLineEdit* m_url;
    QLineEdit* m_job;
    QSpinBox* m_interval;
    QSpinBox* m_timeout;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QLineEdit* m_token;
    QLineEdit* m_caFile;
    QCheckBox* m_insecure;
    TargetSpec m_initial;
};

} // namespace dw
