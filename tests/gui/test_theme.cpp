#include "theme.h"

#include <QApplication>
#include <QLabel>
#include <QtTest>

using namespace dw;

class ThemeTest : public QObject {
    Q_OBJECT

private slots:
    void names_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << "light" << true << false;
        QTest::newRow("dark") << "Dark" << true << true;
        QTest::newRow("unknown") << "sepia" << false << false;
    }
    void names() {
        QFETCH(QString, name);
        QFETCH(bool, ok);
        QFETCH(bool, dark);
        bool parsed = false;
        const Theme theme = Theme::fromName(name, &parsed);
        QCOMPARE(parsed, ok);
        QCOMPARE(theme.kind() == Theme::Kind::Dark, dark);
    }

    void readableContrast() {
        for (const Theme theme : {Theme(Theme::Kind::Light), Theme(Theme::Kind::Dark)}) {
            const QPalette p = theme.palette();
            const int textLightness = p.color(QPalette::Text).lightness();
            const int baseLightness = p.color(QPalette::Base).lightness();
            QVERIFY(std::abs(textLightness - baseLightness) > 150);
        }
    }

    void statusColoursAreDistinct() {
        const Theme theme(Theme::Kind::Dark);
        QSet<QRgb> seen;
        for (auto status : {Theme::Status::Good, Theme::Status::Warning, Theme::Status::Attention,
                            Theme::Status::Bad, Theme::Status::Inactive})
            seen.insert(theme.statusColor(status).rgb());
        QCOMPARE(seen.size(), 5);
        QCOMPARE(theme.seriesColor(0), theme.seriesColor(10)); // the palette cycles
        QVERIFY(theme.seriesColor(0) != theme.seriesColor(1));
    }

    void applyChangesWidgets() {
        Theme(Theme::Kind::Dark).apply();
        QLabel label("x");
        label.show();
        QCOMPARE(label.palette().color(QPalette::Window),
                 Theme(Theme::Kind::Dark).palette().color(QPalette::Window));
    }
};

int main(int argc, char* argv[]) {
    qputenv("QT_QPA_PLATFORM", "offscreen"); // GUI tests never need a display
    QApplication app(argc, argv);
    ThemeTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_theme.moc"
