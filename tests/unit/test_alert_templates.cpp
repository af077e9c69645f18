// Alert templates render as Prometheus renders them (Go's number formatting and its humanize functions).
#include "alerts/alert_template.h"
#include "alerts/go_format.h"

#include <QTest>

using namespace dw;

class AlertTemplatesTest : public QObject {
    Q_OBJECT

private slots:
    void goNumbers_data() {
        QTest::addColumn<double>("value");
        QTest::addColumn<int>("precision");
        QTest::addColumn<QString>("text");
        QTest::newRow("integer") << 3.0 << -1 << "3";
        QTest::newRow("fraction") << 0.5 << -1 << "0.5";
        QTest::newRow("six digits") << 123456.0 << -1 << "123456";
        QTest::newRow("million") << 1e6 << -1 << "1e+06";
        QTest::newRow("seven digits") << 1234567.0 << -1 << "1.234567e+06";
        QTest::newRow("small") << 0.0001 << -1 << "0.0001";
        QTest::newRow("smaller") << 0.00001 << -1 << "1e-05";
        QTest::newRow("%.4g") << 1234.5 << 4 << "1234";
        QTest::newRow("%.4g rounds") << 1.23456 << 4 << "1.235";
        QTest::newRow("%.4g large") << 12345.0 << 4 << "1.234e+04";
        QTest::newRow("%.4g hundred") << 100.0 << 4 << "100";
        QTest::newRow("inf") << double(INFINITY) << -1 << "+Inf";
    }
    void goNumbers() {
        QFETCH(double, value);
        QFETCH(int, precision);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(goFormatG(value, precision)), text);
    }

    void expansion_data() {
        QTest::addColumn<QString>("templ");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("labels and value") << "{{ $labels.job }} at {{ $value }}" << 0.25 << "api at 0.25";
        QTest::newRow("dot form") << "{{ .Labels.job }} {{ .Value }}" << 2.0 << "api 2";
        QTest::newRow("missing label") << "[{{ $labels.nope }}]" << 0.0 << "[]";
        QTest::newRow("humanize") << "{{ $value | humanize }}" << 1234567.0 << "1.235M";
        QTest::newRow("humanize small") << "{{ $value | humanize }}" << 0.0012 << "1.2m";
        QTest::newRow("humanize1024") << "{{ $value | humanize1024 }}" << 2048.0 << "2ki";
        QTest::newRow("duration") << "{{ $value | humanizeDuration }}" << 3725.0 << "1h 2m 5s";
        QTest::newRow("duration days") << "{{ $value | humanizeDuration }}" << 90061.0 << "1d 1h 1m 1s";
        QTest::newRow("duration seconds") << "{{ $value | humanizeDuration }}" << 12.345 << "12.35s";
        QTest::newRow("duration ms") << "{{ $value | humanizeDuration }}" << 0.25 << "250ms";
        QTest::newRow("percentage") << "{{ $value | humanizePercentage }}" << 0.1234 << "12.34%";
        QTest::newRow("printf") << "{{ printf \"%.2f\" $value }}" << 3.14159 << "3.14";
        QTest::newRow("printf piped") << "{{ $value | printf \"%.1f%%\" }}" << 99.95 << "100.0%";
        QTest::newRow("trim") << "a   {{- \"b\" -}}   c" << 0.0 << "abc";
        QTest::newRow("toUpper") << "{{ $labels.job | toUpper }}" << 0.0 << "API";
        QTest::newRow("no actions") << "plain text" << 1.0 << "plain text";
    }
    void expansion() {
        QFETCH(QString, templ);
        QFETCH(double, value);
        QFETCH(QString, text);
        std::string error;
        const auto t = AlertTemplate::parse(templ.toStdString(), error);
        QVERIFY2(t, error.c_str());
        QCOMPARE(QString::fromStdString(t->expand({{"job", "api"}}, value)), text);
    }

    void rejectsUnknownFunctions() {
        std::string error;
        QVERIFY(!AlertTemplate::parse("{{ $value | frobnicate }}", error));
        QCOMPARE(error,
                 std::string("template \"{{ $value | frobnicate }}\": function \"frobnicate\" not defined"));
        QVERIFY(!AlertTemplate::parse("{{ $value ", error));
    }
};

QTEST_GUILESS_MAIN(AlertTemplatesTest)
#include "test_alert_templates.moc"
