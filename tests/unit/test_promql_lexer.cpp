#include "promql/lexer.h"

#include <QtTest>

using namespace dw::promql;

namespace {
// "kind:text" for every token but End, joined by spaces.
QString describe(const std::vector<Token>& tokens) {
    QStringList parts;
    for (const Token& token : tokens) {
        if (token.kind == TokenKind::End) break;
        parts << QString::fromStdString(std::string(tokenKindName(token.kind))) + ":" +
                     QString::fromUtf8(token.text.data(), qsizetype(token.text.size()));
    }
    return parts.join(' ');
}
} // namespace

class PromqlLexerTest : public QObject {
    Q_OBJECT

private slots:
    void tokens_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expected");
        QTest::newRow("selector")
            << "up{job=\"api\",instance!~'10\\\\..*'}"
            << "identifier:up \"{\":{ identifier:job \"=\":= string:api \",\":, identifier:instance "
               "\"!~\":!~ string:10\\\\..* \"}\":}";
        QTest::newRow("keywords are label names inside braces")
            << "x{by=\"1\", sum=\"2\"}"
            << "identifier:x \"{\":{ identifier:by \"=\":= string:1 \",\":, identifier:sum \"=\":= string:2 "
               "\"}\":}";
        QTest::newRow("range and offset")
            << "rate(x[5m] offset 1h30m)"
            << "identifier:rate \"(\":( identifier:x \"[\":[ duration:5m \"]\":] offset:offset "
               "duration:1h30m \")\":)";
        QTest::newRow("subquery and at")
            << "max_over_time(x[10m:30s] @ end())"
            << "identifier:max_over_time \"(\":( identifier:x \"[\":[ duration:10m \":\":: "
               "duration:30s \"]\":] \"@\":@ end:end \"(\":( \")\":) \")\":)";
        QTest::newRow("aggregation")
            << "SUM by (job) (rate(x[1m])) > bool 0.5"
            << "sum:SUM by:by \"(\":( identifier:job \")\":) \"(\":( identifier:rate \"(\":( "
               "identifier:x \"[\":[ duration:1m \"]\":] \")\":) \")\":) \">\":> bool:bool number:0.5";
        QTest::newRow("numbers")
            << "1 1.5 .5 1e3 2.5E-3 0x1F Inf -NaN 5"
            << "number:1 number:1.5 number:.5 number:1e3 number:2.5E-3 number:0x1F number:Inf "
               "\"-\":- number:NaN number:5";
        QTest::newRow("operators")
            << "a+b-c*d/e%f^g==h!=i<j<=k>l>=m"
            << "identifier:a \"+\":+ identifier:b \"-\":- identifier:c \"*\":* identifier:d \"/\":/ "
               "identifier:e \"%\":% identifier:f \"^\":^ identifier:g \"==\":== identifier:h \"!=\":!= "
               "identifier:i \"<\":< identifier:j \"<=\":<= identifier:k \">\":> identifier:l \">=\":>= "
               "identifier:m";
        QTest::newRow("set operators and matching")
            << "a and on(x) group_left(y) b or c unless d"
            << "identifier:a and:and on:on \"(\":( identifier:x \")\":) group_left:group_left \"(\":( "
               "identifier:y \")\":) "
               "identifier:b or:or identifier:c unless:unless identifier:d";
        QTest::newRow("recording rule name") << "job:http_requests:rate5m"
                                             << "metric identifier:job:http_requests:rate5m";
        QTest::newRow("raw string") << "label_replace(x, \"d\", \"$1\", \"s\", `(.*)\\d`)"
                                    << "identifier:label_replace \"(\":( identifier:x \",\":, string:d "
                                       "\",\":, string:$1 \",\":, string:s \",\":, "
                                       "string:(.*)\\d \")\":)";
        QTest::newRow("comment") << "up # the targets\n+ 1"
                                 << "identifier:up \"+\":+ number:1";
        QTest::newRow("milliseconds") << "x[250ms]"
                                      << "identifier:x \"[\":[ duration:250ms \"]\":]";
    }
    void tokens() {
        QFETCH(QString, query);
        QFETCH(QString, expected);
        const std::string text = query.toStdString();
        Lexer lexer(text);
        const auto tokens = lexer.tokenize();
        QCOMPARE(tokens.back().kind, TokenKind::End);
        QCOMPARE(describe(tokens), expected);
    }

    void positions() {
        const std::string text = "sum(rate(x[5m]))";
        const auto tokens = Lexer(text).tokenize();
        QCOMPARE(tokens[0].position, 0u);
        QCOMPARE(tokens[2].position, 4u);  // rate
        QCOMPARE(tokens[6].position, 11u); // 5m
    }

    void errors_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("message");
        QTest::newRow("unterminated string") << "x{a=\"b}" << 4 << "unterminated quoted string";
        QTest::newRow("bang") << "a ! b" << 2 << "unexpected character after \"!\"";
        QTest::newRow("bad duration") << "x[5mm]" << 2 << "bad duration syntax";
        QTest::newRow("duration order") << "x[1m1h]" << 2 << "bad duration syntax";
        QTest::newRow("bad number") << "1.5x" << 0 << "bad number or duration syntax";
        QTest::newRow("stray brace") << "x}" << 1 << "unexpected right brace";
        QTest::newRow("odd character") << "x $ y" << 2 << "unexpected character \"$\"";
    }
    void errors() {
        QFETCH(QString, query);
        QFETCH(int, position);
        QFETCH(QString, message);
        const std::string text = query.toStdString();
        Lexer lexer(text);
        const auto tokens = lexer.tokenize();
        QCOMPARE(tokens.back().kind, TokenKind::Error);
        QCOMPARE(int(tokens.back().position), position);
        QVERIFY2(QString::fromStdString(lexer.error()).contains(message), lexer.error().c_str());
    }
};

QTEST_GUILESS_MAIN(PromqlLexerTest)
#include "test_promql_lexer.moc"
