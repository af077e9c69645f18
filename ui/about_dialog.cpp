#include "about_dialog.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

namespace dw {

namespace {

struct Linked {
    const char* name;
    const char* licence;
};

// What the program links, with the licences Debian's copyright files give for them.
constexpr Linked kLinked[] = {
    {"Qt 6 (Core, Gui, Widgets, Network, DBus)", "LGPL-3.0 or GPL-2.0"},
    {"Qt HTTP Server", "GPL-3.0"},
    {"prometheus-cpp", "MIT"},
    {"yaml-cpp", "MIT"},
    {"RE2", "BSD-3-Clause"},
    {"Zstandard", "BSD-3-Clause"},
    {"xxHash", "BSD-2-Clause"},
    {"zlib", "Zlib"},
};

} // namespace

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("About DispatchWatch"));
    QString rows;
    for (const Linked& l : kLinked)
        rows += QStringLiteral("<tr><td>%1</td><td>&nbsp;&nbsp;%2</td></tr>").arg(l.name, l.licence);
    m_text = tr("<h3>DispatchWatch %1</h3>"
                "<p>The health of dispatchers and workers that expose Prometheus metrics.</p>"
                "<p>Qt %2 (built with Qt %3)</p>"
                "<p>DispatchWatch is free software under the GNU General Public License, version 3 or "
                "later (it links Qt HTTP Server, which is GPL-3.0). It links:</p>"
                "<table>%4</table>")
                 .arg(QCoreApplication::applicationVersion().toHtmlEscaped(), QString::fromLatin1(qVersion()),
                      QStringLiteral(QT_VERSION_STR), rows);
    auto* label = new QLabel(m_text, this);
    label->setObjectName("aboutText");
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(buttons);
}

} // namespace dw
