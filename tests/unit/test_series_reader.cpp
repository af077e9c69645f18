// api::readSeries, the API answers read without a JSON document: every shape of series Prometheus writes,
// JSON's escapes, the envelope's warnings and errors, and text that is not an answer.
#include "promapi/series_reader.h"

#include <QtTest>

using namespace dw;

class SeriesReaderTest : public QObject {
    Q_OBJECT

private slots:
    void reads_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected"); // series as "labels: t=v ..." lines
        QTest::newRow("matrix")
            << QByteArray(
                   "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[ "
                   "{\"metric\":{\"job\":\"a\",\"__name__\":\"up\"},\"values\":[[1700000000,\"1\"],["
                   "1700000015.5,\"0\"]]}, "
                   "{\"metric\":{},\"values\":[[1.25,\"NaN\"],[2,\"+Inf\"],[3,\"-Inf\"],[4,\"1e-07\"]]}]}}")
            << "__name__=up,job=a: 1700000000000=1 1700000015500=0\n: 1250=nan 2000=inf "
               "3000=-inf 4000=1e-07\n";
        QTest::newRow("vector") << QByteArray(
                                       "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                                       "\"result\":[{\"metric\":{\"a\":\"b\"},\"value\":[10,\"2\"]}]}}")
                                << "a=b: 10000=2\n";
        QTest::newRow("escapes and unicode")
            << QByteArray(
                   "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{"
                   "\"q\":\"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00\"},\"value\":[1,\"1\"]}]}}")
            << QString::fromUtf8("q=a\"b\\c/d\né😀: 1000=1\n");
        QTest::newRow("histograms left out")
            << QByteArray("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{"
                          "\"metric\":{\"a\":\"b\"},\"histograms\":[[1,{\"count\":\"1\",\"sum\":\"2\","
                          "\"buckets\":[[0,\"0\",\"1\",\"1\"]]}]],\"values\":[[1,\"5\"]]}]}}")
            << "a=b: 1000=5\n";
        QTest::newRow("keys in any order")
            << QByteArray("{\"data\":{\"resultType\":\"vector\",\"result\":[]},\"status\":\"success\"}")
            << "";
    }
    void reads() {
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        QString got;
        ApiResponse response;
        std::string error;
        const bool ok = api::readSeries(
            body,
            [&](Labels& labels, std::vector<Sample>& samples) {
                QStringList names;
                for (const Label& l : labels)
                    names << QString::fromStdString(l.name + "=" + l.value);
                got += names.join(',') + ":";
                for (const Sample& s : samples)
                    got += QStringLiteral(" %1=%2").arg(s.t).arg(QString::number(s.v, 'g', 6).toLower());
                got += "\n";
            },
            response, error);
        QVERIFY2(ok, error.c_str());
        QCOMPARE(got, expected);
    }

    void warnings() {
        ApiResponse response;
        std::string error;
        QVERIFY(api::readSeries(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]},\"warnings\":[\"w1\"]"
            ",\"infos\":[\"i1\"]}",
            [](Labels&, std::vector<Sample>&) {}, response, error));
        QCOMPARE(response.warnings, (std::vector<std::string>{"w1", "i1"}));
    }

    void rejects_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("words");
        QTest::newRow("cut short")
            << QByteArray(
                   "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{}")
            << "unreadable JSON at byte 72";
        QTest::newRow("scalar")
            << QByteArray(
                   "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"2\"]}}")
            << "expected a matrix or vector result, got \"scalar\"";
        QTest::newRow("error") << QByteArray(
                                      "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"boom\"}")
                               << "bad_data: boom";
        QTest::newRow("bad value") << QByteArray(
                                          "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
                                          "\"result\":[{\"metric\":{},\"value\":[1,\"x\"]}]}}")
                                   << "unreadable JSON at byte";
        QTest::newRow("html") << QByteArray("<html></html>") << "unreadable JSON at byte 0";
        QTest::newRow("trailing text")
            << QByteArray("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}} x")
            << "unreadable JSON at byte";
    }
    void rejects() {
        QFETCH(QByteArray, body);
        QFETCH(QString, words);
        ApiResponse response;
        std::string error;
        QVERIFY(!api::readSeries(
            body, [](Labels&, std::vector<Sample>&) {}, response, error));
        QVERIFY2(QString::fromStdString(error).contains(words), error.c_str());
    }
};

QTEST_GUILESS_MAIN(SeriesReaderTest)
#include "test_series_reader.moc"
