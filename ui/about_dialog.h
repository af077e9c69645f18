#pragma once

#include <QDialog>

namespace dw {

// Help → About: the version and commit the program was built from (the application version, as
// `dispatchwatch --version` prints it), the Qt it runs on, and the licences of what it links. The text
// can be selected and copied, for a bug report.
// Thread-safety: a widget; use on the UI thread.
class AboutDialog : public QDialog {
    Q_OBJECT

public:
    explicit AboutDialog(QWidget* parent = nullptr);

    // The dialog's text, as shown (rich text).
    QString text() const { return m_text; }

private:
    QString m_text;
};

} // namespace dw
