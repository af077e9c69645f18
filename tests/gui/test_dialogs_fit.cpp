// Every dialog as a new user first sees it, in the light and the dark theme, at the scale the test runs
// at (CTest runs it at 1 and at QT_SCALE_FACTOR=2): no label, button or field is narrower than its text
// needs, and nothing reaches outside the dialog. Pictures of each are kept in the build directory.
#include "about_dialog.h"
#include "notification_settings_dialog.h"
#include "server_dialog.h"
#include "target_dialog.h"
#include "theme.h"
#include "user_guide_dialog.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QStandardPaths>
#include <QtTest>
#include <functional>
#include <memory>

using namespace dw;

namespace {

using DialogFactory = std::function<std::unique_ptr<QDialog>()>;

// What is cut in a dialog, one line per widget.
QStringList cutWidgets(const QDialog& dialog) {
    QStringList cut;
    for (QWidget* w : dialog.findChildren<QWidget*>()) {
        if (!w->isVisibleTo(&dialog)) continue;
        const bool text = qobject_cast<QLabel*>(w) || qobject_cast<QAbstractButton*>(w);
        const QRect inDialog(w->mapTo(&dialog, QPoint(0, 0)), w->size());
        if (!dialog.rect().contains(inDialog))
            cut << QStringLiteral("%1 reaches outside the dialog")
                       .arg(w->objectName() + w->metaObject()->className());
        auto* label = qobject_cast<QLabel*>(w);
        if (text && !(label && label->wordWrap()) && w->width() < w->minimumSizeHint().width())
            cut << QStringLiteral("%1 \"%2\" is %3 px wide, needs %4")
                       .arg(w->metaObject()->className(), w->property("text").toString().left(40))
                       .arg(w->width())
                       .arg(w->minimumSizeHint().width());
    }
    return cut;
}

} // namespace

Q_DECLARE_METATYPE(DialogFactory)

class DialogsFitTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void nothingIsCut_data() {
        QTest::addColumn<DialogFactory>("make");
        QTest::addColumn<bool>("dark");
        const std::pair<const char*, DialogFactory> dialogs[] = {
            {"about", [] { return std::make_unique<AboutDialog>(); }},
            {"user-guide", [] { return std::make_unique<UserGuideDialog>(); }},
            {"target", [] { return std::make_unique<TargetDialog>(TargetSpec{}); }},
            {"server", [] { return std::make_unique<ServerDialog>(); }},
            {"notifications",
             [] {
                 return std::make_unique<NotificationSettingsDialog>(
                     NotificationSettings{}, std::vector<std::string>{"compozy", "daisi"});
             }},
        };
        for (const auto& [name, make] : dialogs)
            for (bool dark : {false, true})
                QTest::newRow(qPrintable(QString("%1 %2").arg(name, dark ? "dark" : "light")))
                    << make << dark;
    }
    void nothingIsCut() {
        QFETCH(DialogFactory, make);
        QFETCH(bool, dark);
        Theme theme(dark ? Theme::Kind::Dark : Theme::Kind::Light);
        theme.apply();
        std::unique_ptr<QDialog> dialog = make();
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
        const QStringList cut = cutWidgets(*dialog);
        QDir().mkpath(QStringLiteral(DW_BINARY_DIR "/screenshots"));
        dialog->grab().save(
            QStringLiteral(DW_BINARY_DIR "/screenshots/dialog-%1-x%2.png")
                .arg(QString(QTest::currentDataTag()).replace(' ', '-'))
                .arg(qgetenv("QT_SCALE_FACTOR").isEmpty() ? "1" : qgetenv("QT_SCALE_FACTOR")));
        QVERIFY2(cut.isEmpty(), qPrintable(cut.join('\n')));
    }
};

int main(int argc, char* argv[]) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    DialogsFitTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_dialogs_fit.moc"
