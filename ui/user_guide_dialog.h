#pragma once

#include <QDialog>

class QTextBrowser;

namespace dw {

// Help → User guide: docs/user-guide.md with its pictures, built into the program (so it is there however
// DispatchWatch was installed), pictures scaled to the dialog's width.
// Thread-safety: a widget; use on the UI thread.
class UserGuideDialog : public QDialog {
    Q_OBJECT

public:
    explicit UserGuideDialog(QWidget* parent = nullptr);
    QTextBrowser* browser() const { return m_browser; }

private:
    void fitPictures();

    QTextBrowser* m_browser;
};

} // namespace dw
