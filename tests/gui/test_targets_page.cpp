// The Targets page's actions on a session whose list order differs from the table's: Edit and Remove
// must act on the target the user selected, whatever order the session and the snapshot keep them in.
#include "monitor/monitor_session.h"
#include "targets_page.h"
#include "theme.h"

#include <QApplication>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

using namespace dw;

namespace {

TargetSpec target(const char* job, int port) {
    TargetSpec spec;
    spec.url = QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(port));
    spec.job = job;
    spec.labels = {{"instance", spec.url.authority().toStdString()}, {"job", job}};
    spec.intervalMs = 3600000; // scraped once at most; nothing listens on these ports
    spec.timeoutMs = 500;
    return spec;
}

QPushButton* button(QWidget& page, const QString& text) {
    for (QPushButton* b : page.findChildren<QPushButton*>())
        if (b->text() == text) return b;
    return nullptr;
}

} // namespace

class TargetsPageTest : public QObject {
    Q_OBJECT

    Theme m_theme{Theme::Kind::Light};

    // Shows the session's latest snapshot on the page.
    static void refresh(MonitorSession& session, TargetsPage& page, std::size_t rows) {
        const auto before = session.latest();
        session.refreshNow();
        QTRY_VERIFY(session.latest() != before && session.latest()->targets.size() == rows);
        page.setSnapshot(session.latest());
    }

    static int rowOf(TargetsPage& page, const QString& job) {
        const QAbstractItemModel* model = page.table()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, TargetsModel::Job).data().toString() == job) return row;
        return -1;
    }

private slots:
    // The session lists "zeta" first, the table (sorted by the scrape manager) lists "alpha" first.
    void selectionFindsItsTarget_data() {
        QTest::addColumn<QString>("selected");
        QTest::addColumn<QString>("kept");
        QTest::newRow("first row, second in the session") << "alpha"
                                                          << "zeta";
        QTest::newRow("second row, first in the session") << "zeta"
                                                          << "alpha";
    }
    void selectionFindsItsTarget() {
        QFETCH(QString, selected);
        QFETCH(QString, kept);
        MonitorSession session(std::make_shared<SystemClock>(), ProfileSet::load({}));
        session.setTargets({target("zeta", 1), target("alpha", 9)});
        TargetsPage page(session, m_theme);
        page.show();
        refresh(session, page, 2);
        const int row = rowOf(page, selected);
        QVERIFY(row >= 0);
        page.table()->selectRow(row);
        const auto targets = session.targets();
        const int index = page.selectedIndex(targets);
        QVERIFY(index >= 0);
        QCOMPARE(QString::fromStdString(targets[std::size_t(index)].job), selected);

        // The selection follows the target when a new snapshot comes.
        refresh(session, page, 2);
        QCOMPARE(rowOf(page, selected), page.table()->currentIndex().row());

        QPushButton* remove = button(page, "Remove");
        QVERIFY(remove);
        remove->click();
        QCOMPARE(session.targets().size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(session.targets().front().job), kept);
    }

    // "Load configuration…" hands the file to the session, which follows its file_sd: a target the file
    // gains later appears in the table. Discovered targets are not the session's own list to edit.
    void loadedConfigurationIsFollowed() {
        QTemporaryDir dir;
        const auto writeTargets = [&](const QStringList& targets) {
            QFile sd(dir.filePath("targets.json"));
            QVERIFY(sd.open(QIODevice::WriteOnly | QIODevice::Truncate));
            sd.write(QStringLiteral("[{\"targets\": [\"%1\"]}]").arg(targets.join("\", \"")).toUtf8());
        };
        writeTargets({"127.0.0.1:2"});
        QFile config(dir.filePath("prometheus.yml"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("scrape_configs:\n  - job_name: files\n    scrape_interval: 1h\n"
                     "    file_sd_configs:\n      - files: [targets.json]\n");
        config.close();
        MonitorSession session(std::make_shared<SystemClock>(), ProfileSet::load({}));
        session.setTargets({target("alpha", 9)});
        TargetsPage page(session, m_theme);
        QVERIFY(page.loadConfiguration(dir.filePath("nope.yml")).contains("nope.yml"));
        QVERIFY(page.loadConfiguration(config.fileName()).isEmpty());
        QCOMPARE(session.configurationPath(), config.fileName());
        refresh(session, page, 2);
        writeTargets({"127.0.0.1:2", "127.0.0.1:3"});
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                session.refreshNow();
                QCoreApplication::processEvents();
                return session.latest() && session.latest()->targets.size() == 3;
            }(),
            5000);
        page.setSnapshot(session.latest());
        QCOMPARE(page.table()->model()->rowCount(), 3);
        page.table()->selectRow(rowOf(page, "files"));
        QCOMPARE(page.selectedIndex(session.targets()), -1); // discovered: not in the session's own list
        QCOMPARE(session.targets().size(), std::size_t(1));
        // The configuration's interval (1h) is capped for the dashboard.
        for (const TargetRow& row : session.latest()->targets)
            if (row.spec.job == "files") QCOMPARE(row.spec.intervalMs, MonitorSession::kMaxIntervalMs);
    }
};

QTEST_MAIN(TargetsPageTest)
#include "test_targets_page.moc"
