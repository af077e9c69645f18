#include "desktop_notifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>

namespace dw {

namespace {
const QString kService = "org.freedesktop.Notifications";
const QString kPath = "/org/freedesktop/Notifications";
const QString kInterface = "org.freedesktop.Notifications";
constexpr int kRememberedClicks = 100;
} // namespace

DesktopNotifier::DesktopNotifier(QSystemTrayIcon* tray, QObject* parent) : QObject(parent), m_tray(tray) {
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (bus.isConnected())
        m_connected = bus.connect(kService, kPath, kInterface, "ActionInvoked", this,
                                  SLOT(onActionInvoked(uint, QString)));
    if (m_tray)
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] { emit activated(m_trayEntity); });
}

bool DesktopNotifier::hasService() const {
    const QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface()) return false;
    if (bus.interface()->isServiceRegistered(kService)) return true;
    const QDBusReply<QStringList> activatable = bus.interface()->activatableServiceNames();
    return activatable.isValid() && activatable.value().contains(kService);
}

void DesktopNotifier::show(const Notification& n) {
    const QString entity = QString::fromStdString(n.entityId);
    if (!hasService()) {
        if (m_tray && QSystemTrayIcon::isSystemTrayAvailable() && m_tray->isVisible()) {
            m_trayEntity = entity;
            m_tray->showMessage(QString::fromStdString(n.summary), QString::fromStdString(n.body),
                                n.urgent ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
        }
        return;
    }
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, "Notify");
    const QVariantMap hints{{"urgency", QVariant::fromValue(uchar(n.urgent ? 2 : 1))},
                            {"desktop-entry", QString("dispatchwatch")}};
    call << QString("DispatchWatch") << uint(0) << QString("dispatchwatch")
         << QString::fromStdString(n.summary) << QString::fromStdString(n.body)
         << QStringList{"default", tr("Open")} << hints << int(-1);
    auto* watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, entity] {
        const QDBusPendingReply<uint> reply = *watcher;
        watcher->deleteLater();
        if (reply.isError()) return; // the service went away: nothing to click
        m_entities.insert(reply.value(), entity);
        while (m_entities.size() > kRememberedClicks)
            m_entities.erase(m_entities.begin());
    });
}

void DesktopNotifier::onActionInvoked(uint id, const QString& action) {
    const auto it = m_entities.find(id);
    if (it == m_entities.end() || action != "default") return; // another program's notification
    emit activated(it.value());
}

} // namespace dw
