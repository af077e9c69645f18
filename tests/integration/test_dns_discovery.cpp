// dns_sd_configs: SRV and A lookups through Qt's QDnsLookup, answered by a minimal DNS server on
// 127.0.0.1:53 (Qt 6.4 only asks port 53). CTest runs this test in network and mount namespaces of its
// own (in_network_namespace.sh), where binding port 53 needs no privilege and /etc/resolv.conf names
// 127.0.0.1, so `dispatchwatch check` started from here asks this server too.

#include "http_fixture.h"
#include "scrape/target_discovery.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QUdpSocket>
#include <QtTest>

using namespace dw;

namespace {

QByteArray encodeName(const QByteArray& name) {
    QByteArray out;
    for (const QByteArray& label : name.split('.'))
        if (!label.isEmpty()) out += char(label.size()) + label;
    return out + char(0);
}

void append16(QByteArray& out, int value) {
    out += char((value >> 8) & 0xff);
    out += char(value & 0xff);
}

// Answers SRV and A questions from fixed tables, in the DNS wire format (RFC 1035, RFC 2782).
class TinyDnsServer : public QObject {
public:
    QHash<QByteArray, QList<QPair<QByteArray, int>>> srv; // name -> (target, port)
    QHash<QByteArray, QList<QByteArray>> a;               // name -> IPv4 addresses
    int queries = 0;

    bool listen() {
        if (!m_socket.bind(QHostAddress::LocalHost, 53)) return false;
        connect(&m_socket, &QUdpSocket::readyRead, this, &TinyDnsServer::answer);
        return true;
    }

private:
    void answer() {
        while (m_socket.hasPendingDatagrams()) {
            QHostAddress from;
            quint16 port = 0;
            QByteArray query(int(m_socket.pendingDatagramSize()), 0);
            m_socket.readDatagram(query.data(), query.size(), &from, &port);
            ++queries;
            int at = 12;
            QByteArray name;
            while (at < query.size() && query[at] != 0) {
                const int length = quint8(query[at]);
                name += (name.isEmpty() ? "" : ".") + query.mid(at + 1, length);
                at += length + 1;
            }
            const QByteArray question = query.mid(12, at + 5 - 12);
            const int type = (quint8(query[at + 1]) << 8) | quint8(query[at + 2]);
            QByteArray answers;
            int count = 0;
            if (type == 33)
                for (const auto& [target, targetPort] : srv.value(name)) {
                    QByteArray data;
                    append16(data, 10);
                    append16(data, 5);
                    append16(data, targetPort);
                    data += encodeName(target);
                    // Name (a pointer to the question's), type SRV, class IN, TTL 60 s, then the data.
                    answers += QByteArray::fromHex("c00c"
                                                   "0021"
                                                   "0001"
                                                   "0000003c");
                    append16(answers, data.size());
                    answers += data;
                    ++count;
                }
            if (type == 1)
                for (const QByteArray& address : a.value(name)) {
                    answers += QByteArray::fromHex("c00c"
                                                   "0001"
                                                   "0001"
                                                   "0000003c"); // type A, class IN, TTL 60 s
                    append16(answers, 4);
                    for (const QByteArray& part : address.split('.'))
                        answers += char(part.toInt());
                    ++count;
                }
            QByteArray reply = query.left(2) + QByteArray::fromHex("8180");
            append16(reply, 1);
            append16(reply, count);
            append16(reply, 0);
            append16(reply, 0);
            reply += question + answers;
            m_socket.writeDatagram(reply, from, port);
        }
    }
    QUdpSocket m_socket;
};

} // namespace

class DnsDiscoveryTest : public QObject {
    Q_OBJECT

private slots:
    void srvAndARecords() {
        TinyDnsServer dns;
        QVERIFY2(dns.listen(),
                 "cannot bind 127.0.0.1:53: run through in_network_namespace.sh, as CTest does");
        dns.srv.insert("_metrics._tcp.compozy.test",
                       {{"worker-1.compozy.test", 5001}, {"worker-2.compozy.test", 5002}});
        dns.a.insert("nodes.compozy.test", {"127.0.0.1", "127.0.0.2"});
        const std::string yaml = "scrape_configs:\n  - job_name: srv\n    dns_sd_configs:\n"
                                 "      - names: ['_metrics._tcp.compozy.test']\n"
                                 "  - job_name: a\n    dns_sd_configs:\n      - names: "
                                 "['nodes.compozy.test']\n        type: A\n        port: 9100\n";
        std::string error;
        const auto config = PrometheusConfig::fromYaml(yaml, "p.yml", "/tmp", error);
        QVERIFY2(config, error.c_str());
        std::vector<TargetSpec> latest;
        TargetDiscovery discovery(*config, [&](const std::vector<TargetSpec>& targets) { latest = targets; });
        // The system resolver asks 127.0.0.1: this test's namespace's resolv.conf names it.
        discovery.start();
        QTRY_COMPARE_WITH_TIMEOUT(latest.size(), std::size_t(4), 10000);
        QStringList found;
        for (const TargetSpec& t : latest)
            found << QString::fromStdString(t.job + " " + t.instance()) + " " + t.url.toString();
        found.sort();
        QCOMPARE(found,
                 QStringList({"a 127.0.0.1:9100 http://127.0.0.1:9100/metrics",
                              "a 127.0.0.2:9100 http://127.0.0.2:9100/metrics",
                              "srv worker-1.compozy.test:5001 http://worker-1.compozy.test:5001/metrics",
                              "srv worker-2.compozy.test:5002 http://worker-2.compozy.test:5002/metrics"}));
        QVERIFY(discovery.problems().empty());
        QVERIFY(dns.queries >= 2);
    }

    // `check --config` with dns_sd: the lookup is asynchronous, and check waits for its answer before the
    // first round, so the discovered target is checked (it used to be missing from the report).
    void checkScrapesWhatDnsFinds() {
        TinyDnsServer dns;
        QVERIFY2(dns.listen(),
                 "cannot bind 127.0.0.1:53: run through in_network_namespace.sh, as CTest does");
        HttpFixture server;
        server.route("/metrics", {200, "text/plain; version=0.0.4", "# TYPE queue gauge\nqueue 3\n"});
        dns.srv.insert("_metrics._tcp.fleet.test", {{"127.0.0.1", server.port()}});
        QTemporaryDir dir;
        QFile config(dir.filePath("prometheus.yml"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("scrape_configs:\n  - job_name: fleet\n    dns_sd_configs:\n"
                     "      - names: ['_metrics._tcp.fleet.test']\n");
        config.close();
        QProcess check;
        check.start(QStringLiteral(DW_APP_PATH), {"check", "--config", config.fileName(), "--samples", "1"});
        QVERIFY(check.waitForStarted(10000));
        QTRY_VERIFY_WITH_TIMEOUT(check.state() == QProcess::NotRunning, 20000);
        const QString out = QString::fromUtf8(check.readAllStandardOutput());
        QVERIFY2(check.exitCode() == 0, qPrintable(out + check.readAllStandardError()));
        QVERIFY2(out.contains(QStringLiteral("fleet/127.0.0.1:%1").arg(server.port())), qPrintable(out));
        QVERIFY2(out.contains("1 targets: 1 up, 0 down"), qPrintable(out));
        QCOMPARE(server.requestCount(), 1);
    }
};

QTEST_GUILESS_MAIN(DnsDiscoveryTest)
#include "test_dns_discovery.moc"
