#include "scrape/target_discovery.h"

#include "scrape/file_sd.h"

#include <QDir>
#include <QDnsLookup>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>

namespace dw {

namespace {

// The files a file_sd entry names now: the path itself, or the matches of a * glob in its last component.
QStringList expand(const std::string& path) {
    const QFileInfo info(QString::fromStdString(path));
    if (!info.fileName().contains('*')) return {info.absoluteFilePath()};
    QStringList files;
    const QDir dir = info.absoluteDir();
    for (const QString& name : dir.entryList({info.fileName()}, QDir::Files, QDir::Name))
        files << dir.filePath(name);
    return files;
}

} // namespace

TargetDiscovery::TargetDiscovery(PrometheusConfig config, Callback onChange, QObject* parent)
    : QObject(parent), m_config(std::move(config)), m_onChange(std::move(onChange)) {
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(100); // editors write files in several steps
    connect(&m_debounce, &QTimer::timeout, this, [this] { readFiles(); });
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this] { m_debounce.start(); });
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] { m_debounce.start(); });
}

void TargetDiscovery::start() {
    readFiles();
    for (std::size_t j = 0; j < m_config.jobs.size(); ++j) {
        for (const FileSdConfig& sd : m_config.jobs[j].fileSd) {
            auto timer = std::make_unique<QTimer>();
            connect(timer.get(), &QTimer::timeout, this, [this] { readFiles(); });
            timer->start(int(sd.refreshMs));
            m_timers.push_back(std::move(timer));
        }
        for (const DnsSdConfig& sd : m_config.jobs[j].dnsSd) {
            for (const std::string& name : sd.names) {
                lookup(j, sd, name);
                auto timer = std::make_unique<QTimer>();
                connect(timer.get(), &QTimer::timeout, this, [this, j, sd, name] { lookup(j, sd, name); });
                timer->start(int(sd.refreshMs));
                m_timers.push_back(std::move(timer));
            }
        }
    }
}

void TargetDiscovery::readFiles() {
    for (std::size_t j = 0; j < m_config.jobs.size(); ++j) {
        for (const FileSdConfig& sd : m_config.jobs[j].fileSd) {
            for (const std::string& pattern : sd.files) {
                const QString dir = QFileInfo(QString::fromStdString(pattern)).absolutePath();
                if (!m_watcher.directories().contains(dir)) m_watcher.addPath(dir);
                // Files that vanished take their targets with them.
                for (auto it = m_groups.begin(); it != m_groups.end();) {
                    const bool fromThisPattern =
                        it->first.first == j && it->first.second.starts_with("file:") &&
                        QFileInfo(QString::fromStdString(it->first.second.substr(5))).absolutePath() == dir;
                    if (fromThisPattern && !QFile::exists(QString::fromStdString(it->first.second.substr(5))))
                        it = m_groups.erase(it);
                    else
                        ++it;
                }
                for (const QString& file : expand(pattern)) {
                    if (!m_watcher.files().contains(file) && QFile::exists(file)) m_watcher.addPath(file);
                    readFile(j, file.toStdString());
                }
            }
        }
    }
    publish();
}

void TargetDiscovery::readFile(std::size_t jobIndex, const std::string& path) {
    const std::string key = "file:" + path;
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) {
        if (file.exists())
            m_problems[key] = path + ": " + file.errorString().toStdString();
        else
            m_problems.erase(key); // a glob or a file not written yet: no targets, no error
        return;
    }
    std::string error;
    if (auto groups = parseFileSd(file.readAll().toStdString(), path, error)) {
        m_groups[{jobIndex, key}] = std::move(*groups);
        m_problems.erase(key);
    } else {
        m_problems[key] = error + " (keeping its previous targets)";
    }
}

void TargetDiscovery::lookup(std::size_t jobIndex, const DnsSdConfig& sd, const std::string& name) {
    auto* dns = new QDnsLookup(sd.type == "SRV" ? QDnsLookup::SRV : QDnsLookup::A,
                               QString::fromStdString(name), this);
    const int port = sd.port;
    ++m_lookupsPending;
    connect(dns, &QDnsLookup::finished, this, [this, dns, jobIndex, name, port] {
        --m_lookupsPending;
        const std::string key = "dns:" + name;
        if (dns->error() != QDnsLookup::NoError) {
            m_problems[key] = "DNS lookup of " + name + ": " + dns->errorString().toStdString() +
                              " (keeping its previous targets)";
        } else {
            TargetGroup group;
            for (const QDnsServiceRecord& record : dns->serviceRecords()) {
                QString host = record.target();
                if (host.endsWith('.')) host.chop(1);
                group.targets.push_back(QStringLiteral("%1:%2").arg(host).arg(record.port()).toStdString());
            }
            for (const QDnsHostAddressRecord& record : dns->hostAddressRecords())
                group.targets.push_back(
                    QStringLiteral("%1:%2").arg(record.value().toString()).arg(port).toStdString());
            m_groups[{jobIndex, key}] = {group};
            m_problems.erase(key);
        }
        dns->deleteLater();
        publish();
    });
    dns->lookup();
}

void TargetDiscovery::publish() {
    std::vector<TargetSpec> targets = m_config.staticTargets();
    for (const auto& [source, groups] : m_groups)
        for (const TargetGroup& group : groups)
            for (TargetSpec& spec : m_config.jobs[source.first].targetsFor(group))
                targets.push_back(std::move(spec));
    auto sameTargets = [](const std::vector<TargetSpec>& a, const std::vector<TargetSpec>& b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i].url != b[i].url || a[i].labels != b[i].labels) return false;
        return true;
    };
    if (m_published && sameTargets(targets, m_targets)) return;
    m_published = true;
    m_targets = std::move(targets);
    if (m_onChange) m_onChange(m_targets);
}

std::vector<std::string> TargetDiscovery::problems() const {
    std::vector<std::string> out;
    for (const auto& [key, problem] : m_problems)
        out.push_back(problem);
    return out;
}

} // namespace dw
