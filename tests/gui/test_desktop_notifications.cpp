// The window's desktop presence over a real D-Bus: the test starts its own session bus (dbus-daemon, Debian
// package dbus) and registers a notification server on it, then shows the window snapshots with changes and
// checks what reaches the server: one grouped notification for simultaneous changes, no repeat of the same
// change within ten minutes, the chosen filters, and a click that opens the window on the entity. The tray's
// colour and tooltip are checked offscreen, and a bus without a notification service breaks nothing.
#include "main_window.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QStandardPaths>
#include <QtTest>
#include <csignal>
#include <cstdio>

using namespace dw;

namespace {

QString g_busAddress;

// A freedesktop notification server that records what it is asked to show.
class FakeNotificationServer : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Call {
        QString summary, body;
        QStringList actions;
        QVariantMap hints;
        uint id = 0;
    };
    QList<Call> calls;

public slots:
    uint Notify(const QString&, uint, const QString&, const QString& summary, const QString& body,
                const QStringList& actions, const QVariantMap& hints, int) {
        calls.append({summary, body, actions, hints, uint(calls.size() + 1)});
        return uint(calls.size());
    }
    QStringList GetCapabilities() { return {"actions", "body"}; }
    void CloseNotification(uint) {}
    QString GetServerInformation(QString& vendor, QString& version, QString& specVersion) {
        vendor = "test";
        version = "1";
        specVersion = "1.2";
        return "fake";
    }
};

Incident change(const std::string& id, HealthState from, HealthState to,
                const std::string& profile = "compozy", const std::string& instance = "prod-1") {
    Incident i;
    i.kind = Incident::Kind::EntityChanged;
    i.entity = {profile, "compozy", instance, {id}};
    i.entityKind = "dispatcher";
    i.entityId = id;
    i.from = from;
    i.to = to;
    i.reason.kind = Reason::Kind::NoHeartbeat;
    return i;
}

EntityHealth entity(const std::string& id, HealthState state) {
    EntityHealth e;
    e.profile = "compozy";
    e.kind = "dispatcher";
    e.id = id;
    e.job = "compozy";
    e.instance = "prod-1";
    e.state = state;
    return e;
}

std::shared_ptr<const DashboardSnapshot> snapshot(std::int64_t nowMs, std::vector<Incident> incidents,
                                                  std::vector<EntityHealth> entities = {}) {
    auto s = std::make_shared<DashboardSnapshot>();
    s->nowMs = nowMs;
    s->toMs = nowMs;
    s->fromMs = nowMs - 60000;
    s->incidents = std::move(incidents);
    s->entities = std::move(entities);
    return s;
}

} // namespace

class DesktopNotificationsTest : public QObject {
    Q_OBJECT

    Theme m_theme{Theme::Kind::Light};
    QDBusConnection m_serverBus{QString()};
    FakeNotificationServer m_server;
    std::unique_ptr<MonitorSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    std::int64_t m_now = 1'800'000'000'000;

    void show(std::vector<Incident> incidents, std::vector<EntityHealth> entities = {}) {
        m_window->showSnapshot(snapshot(m_now, std::move(incidents), std::move(entities)));
    }
    // Waits for the notifications to arrive and for nothing more to come.
    void settle() { QTest::qWait(300); }

private slots:
    void initTestCase() {
        QVERIFY2(!g_busAddress.isEmpty(), "dbus-daemon did not start (Debian package dbus)");
        QStandardPaths::setTestModeEnabled(true); // the settings dialog's choices stay out of the user's
        QSettings().clear();
        m_serverBus = QDBusConnection::connectToBus(g_busAddress, "fake-notification-server");
        QVERIFY(m_serverBus.isConnected());
        QVERIFY(m_serverBus.registerObject("/org/freedesktop/Notifications", &m_server,
                                           QDBusConnection::ExportAllSlots));
        QVERIFY(m_serverBus.registerService("org.freedesktop.Notifications"));
        m_session =
            std::make_unique<MonitorSession>(std::make_shared<ManualClock>(m_now), ProfileSet::load({}));
        m_window = std::make_unique<MainWindow>(*m_session, m_theme, "test");
        QVERIFY(m_window->desktop());
        QTRY_VERIFY(m_window->desktop()->notifier().hasService());
    }

    void simultaneousChangesAreOneNotification() {
        std::vector<Incident> stale;
        for (int i = 1; i <= 12; ++i)
            stale.push_back(
                change("dispatcher-" + std::to_string(i), HealthState::Healthy, HealthState::Stale));
        show(stale);
        QTRY_COMPARE(m_server.calls.size(), 1);
        settle();
        QCOMPARE(m_server.calls.size(), 1);
        const auto& call = m_server.calls.front();
        QCOMPARE(call.summary, QString("12 dispatchers went stale on compozy/prod-1"));
        QVERIFY(call.body.startsWith("dispatcher-1: no heartbeat"));
        QVERIFY(call.actions.contains("default"));
        QCOMPARE(call.hints.value("urgency").toInt(), 2);
    }

    void theSameChangeIsNotRepeatedWithinTenMinutes() {
        const int before = int(m_server.calls.size());
        m_now += 60'000;
        show({change("dispatcher-1", HealthState::Healthy, HealthState::Stale)});
        settle();
        QCOMPARE(int(m_server.calls.size()), before);
        m_now += 10 * 60'000;
        show({change("dispatcher-1", HealthState::Healthy, HealthState::Stale)});
        QTRY_COMPARE(int(m_server.calls.size()), before + 1);
        QCOMPARE(m_server.calls.back().summary, QString("dispatcher-1 went stale"));
    }

    void onlyWhatTheUserChose() {
        NotificationSettings settings = m_window->desktop()->settings();
        settings.filter.states = {HealthState::Stale}; // not stopped
        settings.filter.profiles = {"pupsourcing"};
        m_window->desktop()->setSettings(settings);
        const int before = int(m_server.calls.size());
        m_now += 60'000;
        show({change("dispatcher-20", HealthState::Healthy, HealthState::Stopped, "pupsourcing"),
              change("dispatcher-21", HealthState::Healthy, HealthState::Stale, "compozy")});
        settle();
        QCOMPARE(int(m_server.calls.size()), before);
        show({change("worker-1", HealthState::Healthy, HealthState::Stale, "pupsourcing")});
        QTRY_COMPARE(int(m_server.calls.size()), before + 1);
        // Remembered for the next run.
        QCOMPARE(NotificationSettings::load(*std::make_unique<QSettings>()).filter.profiles,
                 std::set<std::string>{"pupsourcing"});
        m_window->desktop()->setSettings(NotificationSettings{});
    }

    void pausedFromTheTrayForAnHour() {
        const int before = int(m_server.calls.size());
        m_window->desktop()->tray().pauseAction()->setChecked(true);
        QVERIFY(m_window->desktop()->paused());
        m_now += 60'000;
        show({change("dispatcher-30", HealthState::Healthy, HealthState::Stale)});
        settle();
        QCOMPARE(int(m_server.calls.size()), before);
        m_window->desktop()->tray().pauseAction()->setChecked(false);
        QVERIFY(!m_window->desktop()->paused());
        m_now += 60'000;
        show({change("dispatcher-31", HealthState::Healthy, HealthState::Stale)});
        QTRY_COMPARE(int(m_server.calls.size()), before + 1);
    }

    void clickingOpensTheWindowOnTheEntity() {
        m_window->hide();
        m_window->tabs()->setCurrentWidget(m_window->alertsPage());
        m_now += 60'000;
        show({change("dispatcher-acme-billing", HealthState::Healthy, HealthState::Flapping)},
             {entity("dispatcher-acme-billing", HealthState::Flapping),
              entity("dispatcher-acme-orders", HealthState::Healthy)});
        QTRY_COMPARE(m_server.calls.back().summary, QString("dispatcher-acme-billing went flapping"));
        QDBusMessage click = QDBusMessage::createSignal("/org/freedesktop/Notifications",
                                                        "org.freedesktop.Notifications", "ActionInvoked");
        click << m_server.calls.back().id << QString("default");
        QVERIFY(m_serverBus.send(click));
        QTRY_VERIFY(m_window->isVisible());
        QCOMPARE(m_window->tabs()->currentWidget(), m_window->dashboard());
        const QTableView* table = m_window->dashboard()->healthTable();
        QTRY_COMPARE(table->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(table->selectionModel()->selectedRows(HealthTableModel::Entity).front().data().toString(),
                 QString("dispatcher-acme-billing"));
    }

    void trayShowsTheWorstStateAndASummary() {
        DashboardSnapshot s;
        for (const char* id : {"a", "b", "c", "d"})
            s.entities.push_back(entity(id, HealthState::Healthy));
        s.entities.push_back(entity("e", HealthState::Stale));
        s.entities.push_back(entity("f", HealthState::Flapping));
        Alert firing;
        firing.state = Alert::State::Firing;
        firing.labels = {{"alertname", "X"}, {"severity", "warning"}};
        s.alerts.push_back(firing);
        TrayIcon& tray = m_window->desktop()->tray();
        tray.setSnapshot(s);
        QCOMPARE(tray.toolTip(), QString("6 dispatchers: 1 stale, 1 flapping; 1 alert firing"));
        QCOMPARE(tray.colour(), m_theme.statusColor(Theme::Status::Warning));
        TargetRow down;
        down.health.state = TargetHealth::State::Down;
        s.targets.push_back(down);
        tray.setSnapshot(s);
        QCOMPARE(tray.colour(), m_theme.statusColor(Theme::Status::Bad));
        QVERIFY(tray.toolTip().endsWith("; 1 target down; 1 alert firing"));
    }

    void withoutANotificationServiceNothingBreaks() {
        QVERIFY(m_serverBus.unregisterService("org.freedesktop.Notifications"));
        QTRY_VERIFY(!m_window->desktop()->notifier().hasService());
        const int before = int(m_server.calls.size());
        QTest::failOnWarning(QRegularExpression(".*"));
        m_now += 60'000;
        show({change("dispatcher-99", HealthState::Healthy, HealthState::Stale)});
        settle();
        QCOMPARE(int(m_server.calls.size()), before);
    }

    void cleanupTestCase() {
        m_window.reset();
        m_session.reset();
    }
};

// The session bus is the test's own, started before the application so that Qt connects to it.
int main(int argc, char** argv) {
    qint64 pid = 0;
    if (FILE* daemon = ::popen("dbus-daemon --session --fork --print-address=1 --print-pid=1", "r")) {
        char line[512] = {};
        if (std::fgets(line, sizeof line, daemon)) g_busAddress = QString::fromUtf8(line).trimmed();
        if (std::fgets(line, sizeof line, daemon)) pid = QString::fromUtf8(line).trimmed().toLongLong();
        ::pclose(daemon);
    }
    qputenv("DBUS_SESSION_BUS_ADDRESS", g_busAddress.toUtf8());
    int result = 1;
    {
        QApplication app(argc, argv);
        app.setOrganizationName("dispatchwatch-test");
        app.setApplicationName("test_desktop_notifications");
        DesktopNotificationsTest test;
        result = QTest::qExec(&test, argc, argv);
    }
    if (pid > 0) ::kill(pid_t(pid), SIGTERM); // the bus this test started, by its process id
    return result;
}

#include "test_desktop_notifications.moc"
