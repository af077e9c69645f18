// Equal legends of different series get the labels that tell them apart, as Grafana names them.
#include "monitor/legend_names.h"

#include <QTest>

using namespace dw;

Q_DECLARE_METATYPE(std::vector<std::string>)
Q_DECLARE_METATYPE(std::vector<dw::Labels>)

class LegendNamesTest : public QObject {
    Q_OBJECT

private slots:
    void disambiguate_data() {
        QTest::addColumn<std::vector<std::string>>("legends");
        QTest::addColumn<std::vector<Labels>>("labels");
        QTest::addColumn<std::vector<std::string>>("expected");
        const Labels billingFresh = {{"dispatcher_id", "acme-billing"}, {"is_stale", "false"}};
        const Labels billingStale = {{"dispatcher_id", "acme-billing"}, {"is_stale", "true"}};
        const Labels payments = {{"dispatcher_id", "acme-payments"}, {"is_stale", "false"}};
        QTest::newRow("Compozy's health status")
            << std::vector<std::string>{"acme-billing", "acme-billing", "acme-payments"}
            << std::vector<Labels>{billingFresh, billingStale, payments}
            << std::vector<std::string>{"acme-billing {is_stale=\"false\"}",
                                        "acme-billing {is_stale=\"true\"}", "acme-payments"};
        QTest::newRow("unique legends stay")
            << std::vector<std::string>{"a", "b"} << std::vector<Labels>{billingFresh, billingStale}
            << std::vector<std::string>{"a", "b"};
        QTest::newRow("a label only one of them has")
            << std::vector<std::string>{"x", "x"}
            << std::vector<Labels>{{{"job", "a"}}, {{"job", "a"}, {"shard", "2"}}}
            << std::vector<std::string>{"x {shard=\"\"}", "x {shard=\"2\"}"};
        QTest::newRow("two labels differ")
            << std::vector<std::string>{"x", "x"}
            << std::vector<Labels>{{{"a", "1"}, {"b", "1"}, {"c", "same"}},
                                   {{"a", "2"}, {"b", "2"}, {"c", "same"}}}
            << std::vector<std::string>{"x {a=\"1\", b=\"1\"}", "x {a=\"2\", b=\"2\"}"};
        QTest::newRow("the same series twice")
            << std::vector<std::string>{"x", "x"} << std::vector<Labels>{payments, payments}
            << std::vector<std::string>{"x", "x"};
    }
    void disambiguate() {
        QFETCH(std::vector<std::string>, legends);
        QFETCH(std::vector<Labels>, labels);
        QFETCH(std::vector<std::string>, expected);
        std::vector<const Labels*> of;
        for (const Labels& l : labels)
            of.push_back(&l);
        disambiguateLegends(legends, of);
        QCOMPARE(legends, expected);
    }
};

QTEST_APPLESS_MAIN(LegendNamesTest)
#include "test_legend_names.moc"
