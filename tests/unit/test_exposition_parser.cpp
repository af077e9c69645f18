#include "model/label_text.h"
#include "parser/exposition_format.h"
#include "parser/exposition_parser.h"

#include <QtTest>

using namespace dw;
using Entry = ExpositionParser::Entry;

namespace {

// Renders every entry as one line of text so whole bodies compare in one assertion.
QStringList describe(std::string_view body, ExpositionFormat format, ParseOptions options = {}) {
    ExpositionParser parser(options);
    parser.reset(body, format);
    QStringList out;
    for (;;) {
        const Entry entry = parser.next();
        QString line;
        switch (entry) {
        case Entry::Help:
            line = "HELP " + QString::fromStdString(std::string(parser.name())) + " " +
                   QString::fromStdString(unescaped(parser.rawHelp()));
            break;
        case Entry::Type:
            line = "TYPE " + QString::fromStdString(std::string(parser.name())) + " " +
                   QString::fromStdString(std::string(metricTypeName(parser.type())));
            break;
        case Entry::Unit:
            line = "UNIT " + QString::fromStdString(std::string(parser.name())) + " " +
                   QString::fromStdString(std::string(parser.unit()));
            break;
        case Entry::Eof:
            line = "EOF";
            break;
        case Entry::Series: {
            line = QString::fromStdString(std::string(parser.name())) + "{";
            QStringList labels;
            for (const auto& label : parser.labels())
                labels << QString::fromStdString(std::string(label.name)) + "=" +
                              QString::fromStdString(unescaped(label.rawValue));
            line += labels.join(",") + "} " + QString::number(parser.value(), 'g', 17);
            if (parser.hasTimestamp()) line += " @" + QString::number(parser.timestampMs());
            if (parser.hasExemplar()) line += " exemplar " + QString::number(parser.exemplarValue());
            break;
        }
        case Entry::Invalid:
            out << QStringLiteral("ERROR %1:%2 %3")
                       .arg(parser.error().line)
                       .arg(parser.error().column)
                       .arg(QString::fromStdString(parser.error().message));
            return out;
        case Entry::End:
            return out;
        }
        out << line;
    }
}

} // namespace

class ExpositionParserTest : public QObject {
    Q_OBJECT

private slots:
    void textFormat() {
        const std::string body =
            "# HELP http_requests_total The total.\\nSecond line \\\\ ok\n"
            "# TYPE http_requests_total counter\n"
            "# just a comment\n"
            "\n"
            "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"
            "  http_requests_total{ method = \"get\" , code=\"a\\\"b\\nc\\\\d\", } \t 3\n"
            "metric_without_labels 12.47\n"
            "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\"} 1.458255915e9\n"
            "no_labels_braces{} -Inf";
        const QStringList expected = {
            "HELP http_requests_total The total.\nSecond line \\ ok",
            "TYPE http_requests_total counter",
            "http_requests_total{method=post,code=200} 1027 @1395066363000",
            "http_requests_total{method=get,code=a\"b\nc\\d} 3",
            "metric_without_labels{} 12.470000000000001",
            "msdos_file_access_time_seconds{path=C:\\DIR\\FILE.TXT} 1458255915",
            "no_labels_braces{} -inf",
        };
        QCOMPARE(describe(body, ExpositionFormat::Text004), expected);
    }

    void openMetricsFormat() {
        const std::string body =
            "# TYPE rpc_seconds histogram\n"
            "# UNIT rpc_seconds seconds\n"
            "# HELP rpc_seconds RPC latency.\n"
            "rpc_seconds_bucket{le=\"0.5\"} 3 1520879607.789 # {trace_id=\"abc\"} 0.3 1520879607.7\n"
            "rpc_seconds_bucket{le=\"+Inf\"} 4\n"
            "# EOF\n";
        const QStringList expected = {
            "TYPE rpc_seconds histogram",    "UNIT rpc_seconds seconds",
            "HELP rpc_seconds RPC latency.", "rpc_seconds_bucket{le=0.5} 3 @1520879607789 exemplar 0.3",
            "rpc_seconds_bucket{le=+Inf} 4", "EOF",
        };
        QCOMPARE(describe(body, ExpositionFormat::OpenMetrics1), expected);
    }

    void errors_data() {
        QTest::addColumn<bool>("openMetrics");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad name") << false << QByteArray("ok 1\n0abc 1\n") << 2 << 1 << "invalid metric name";
        QTest::newRow("missing value") << false << QByteArray("a{b=\"c\"}\n") << 1 << 9 << "missing value";
        QTest::newRow("bad value") << false << QByteArray("a 1x\n") << 1 << 3 << "invalid sample value";
        QTest::newRow("bad timestamp") << false << QByteArray("a 1 1.5\n") << 1 << 5 << "invalid timestamp";
        QTest::newRow("unquoted label") << false << QByteArray("a{b=c} 1\n") << 1 << 5 << "double quotes";
        QTest::newRow("unterminated value")
            << false << QByteArray("a{b=\"c} 1\n") << 1 << 5 << "unterminated label value";
        QTest::newRow("missing comma")
            << false << QByteArray("a{b=\"1\" c=\"2\"} 1\n") << 1 << 9 << "expected ',' or '}'";
        QTest::newRow("bad label name")
            << false << QByteArray("a{1=\"1\"} 1\n") << 1 << 3 << "invalid label name";
        QTest::newRow("bad type") << false << QByteArray("# TYPE a meh\n") << 1 << 10
                                  << "unknown metric type";
        QTest::newRow("junk after ts") << false << QByteArray("a 1 2 3\n") << 1 << 7 << "unexpected text";
        QTest::newRow("invalid utf8") << false << QByteArray("a{b=\"\xff\"} 1\n") << 1 << 6 << "UTF-8";
        QTest::newRow("om no eof") << true << QByteArray("a 1\n") << 2 << 1 << "# EOF";
        QTest::newRow("om blank line") << true << QByteArray("a 1\n\n# EOF\n") << 2 << 1 << "blank lines";
        QTest::newRow("om after eof") << true << QByteArray("# EOF\na 1\n") << 2 << 1 << "after";
        QTest::newRow("om double space") << true << QByteArray("a  1\n# EOF\n") << 1 << 3 << "missing value";
        QTest::newRow("om comment") << true << QByteArray("# hello\n# EOF\n") << 1 << 1
                                    << "OpenMetrics allows only";
        QTest::newRow("om trailing space")
            << true << QByteArray("a 1 \n# EOF\n") << 1 << 4 << "trailing space";
        QTest::newRow("om untyped") << true << QByteArray("# TYPE a untyped\n# EOF\n") << 1 << 10
                                    << "unknown metric type";
        QTest::newRow("om bad exemplar")
            << true << QByteArray("a_total 1 # id=\"a\"} 1\n# EOF\n") << 1 << 11 << "exemplar";
    }
    void errors() {
        QFETCH(bool, openMetrics);
        QFETCH(QByteArray, body);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        const std::string text = body.toStdString();
        ExpositionParser parser;
        parser.reset(text, openMetrics ? ExpositionFormat::OpenMetrics1 : ExpositionFormat::Text004);
        Entry entry;
        do
            entry = parser.next();
        while (entry != Entry::Invalid && entry != Entry::End);
        QCOMPARE(entry, Entry::Invalid);
        QCOMPARE(parser.error().line, line);
        QCOMPARE(parser.error().column, column);
        QVERIFY2(QString::fromStdString(parser.error().message).contains(message),
                 parser.error().message.c_str());
        QCOMPARE(parser.next(), Entry::Invalid); // stays failed
    }

    void limits_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("labels") << "a{a=\"1\",b=\"2\",c=\"3\"} 1\n"
                                << "limit of 2 labels";
        QTest::newRow("name length") << "a{abcdefghijk=\"1\"} 1\n"
                                     << "label name is longer than the limit of 8";
        QTest::newRow("value length") << "a{a=\"0123456789abcdefg\"} 1\n"
                                      << "label value is longer than the limit of 16";
        QTest::newRow("line length") << QString("a{a=\"%1\"} 1\n").arg(QString(80, 'x'))
                                     << "line is longer than the limit of 64";
    }
    void limits() {
        QFETCH(QString, body);
        QFETCH(QString, message);
        ParseOptions options;
        options.limits.maxLabels = 2;
        options.limits.maxLabelNameLength = 8;
        options.limits.maxLabelValueLength = 16;
        options.limits.maxLineLength = 64;
        const QStringList result = describe(body.toStdString(), ExpositionFormat::Text004, options);
        QVERIFY2(result.last().startsWith("ERROR") && result.last().contains(message),
                 qPrintable(result.last()));
    }

    void strictEscapes() {
        const std::string body = "a{b=\"\\z\"} 1\n";
        QCOMPARE(describe(body, ExpositionFormat::Text004), QStringList{"a{b=\\z} 1"});
        ParseOptions strict;
        strict.strict = true;
        QVERIFY(describe(body, ExpositionFormat::Text004, strict).last().contains("escape"));
    }

    void duplicateLabelName() {
        ExpositionParser parser;
        const std::string body = "a{x=\"1\",y=\"2\",x=\"3\"} 1\n";
        parser.reset(body, ExpositionFormat::Text004);
        QCOMPARE(parser.next(), Entry::Series);
        QCOMPARE(parser.duplicateLabelName(), std::string_view("x"));
        QCOMPARE(parser.seriesText(), std::string_view("a{x=\"1\",y=\"2\",x=\"3\"}"));
    }

    void contentType_data() {
        QTest::addColumn<QString>("contentType");
        QTest::addColumn<bool>("openMetrics");
        QTest::newRow("openmetrics") << "application/openmetrics-text; version=1.0.0; charset=utf-8" << true;
        QTest::newRow("openmetrics caps") << "Application/OpenMetrics-Text;version=0.0.1" << true;
        QTest::newRow("text") << "text/plain; version=0.0.4; charset=utf-8; escaping=underscores" << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("unknown") << "application/json" << false;
        QTest::newRow("prefix only") << "application/openmetrics-textual" << false;
    }
    void contentType() {
        QFETCH(QString, contentType);
        QFETCH(bool, openMetrics);
        QCOMPARE(formatFromContentType(contentType.toStdString()) == ExpositionFormat::OpenMetrics1,
                 openMetrics);
    }
};

QTEST_GUILESS_MAIN(ExpositionParserTest)
#include "test_exposition_parser.moc"
