#include "gui/gui_running.h"

#include "cli/command.h"
#include "cli/input_source.h"
#include "recording/snapshot_import.h"

#include <QFile>
#include <map>

namespace dw::gui {

namespace {

bool isRecording(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.read(5) == "DWREC";
}

// The built-in profiles, the user's and --profile's. One that cannot be read is left out, and said so on
// stderr and, once the window is up, in it.
ProfileSet loadProfiles(const std::vector<std::string>& files, QStringList& notices) {
    ProfileSet profiles = ProfileSet::load({ProfileSet::userDirectory()}, files);
    for (const std::string& problem : profiles.problems()) {
        cli::printErr(QString::fromStdString(problem) + "\n");
        notices << QString::fromStdString(problem);
    }
    return profiles;
}

} // namespace

std::optional<Running> open(GuiSetup& setup) {
    Running r;
    if (setup.demo) {
        r.demo = std::make_unique<DemoService>();
        QString error;
        if (!r.demo->start(setup.scenario, setup.speed, error)) {
            cli::printErr("demo: " + error + "\n");
            return std::nullopt;
        }
        setup.targets.push_back(r.demo->target());
    }
    std::vector<std::string> files;
    for (const QString& f : setup.profileFiles)
        files.push_back(f.toStdString());
    r.theme = std::make_unique<Theme>(setup.theme == "dark" ? Theme::Kind::Dark : Theme::Kind::Light);
    r.theme->apply();
    if (!setup.replayPath.isEmpty()) {
        QString recording = setup.replayPath;
        if (!isRecording(recording)) { // saved snapshots: imported first, as `recording import` does
            r.imported = std::make_unique<QTemporaryDir>();
            recording = r.imported->filePath("imported.dwrec");
            QString error;
            std::string createError;
            const auto snapshots = findSnapshots({setup.replayPath}, error);
            auto writer = RecordingWriter::create(recording, createError);
            if (!error.isEmpty() || snapshots.empty() || !writer ||
                !writeSnapshots(snapshots, *writer, error)) {
                cli::printErr(setup.replayPath + ": " +
                              (!createError.empty() ? QString::fromStdString(createError)
                               : error.isEmpty()    ? QStringLiteral("no snapshots found")
                                                    : error) +
                              "\n");
                return std::nullopt;
            }
            // Where the times came from is part of what the user sees, as `recording import` prints it.
            std::map<QString, int> sources;
            int failed = 0;
            for (const ImportedSnapshot& s : snapshots) {
                ++sources[s.timeSource];
                failed += !s.parseError.isEmpty();
            }
            QStringList from;
            for (const auto& [source, count] : sources)
                from << QStringLiteral("%1 from %2").arg(count).arg(source);
            setup.source +=
                QStringLiteral(" (%1 snapshots, times: %2%3)")
                    .arg(snapshots.size())
                    .arg(from.join(", "), failed ? QStringLiteral("; %1 unreadable").arg(failed) : QString());
        }
        auto clock = std::make_shared<ManualClock>(0);
        r.session = std::make_unique<MonitorSession>(clock, loadProfiles(files, setup.notices));
        std::string error;
        if (!r.session->openRecording(recording, clock, error)) {
            cli::printErr(QString::fromStdString(error) + "\n");
            return std::nullopt;
        }
    } else {
        // Watching the demo, everything runs on its scenario clock; otherwise on the system's.
        std::shared_ptr<const Clock> clock = r.demo ? r.demo->clock() : std::make_shared<SystemClock>();
        r.session = std::make_unique<MonitorSession>(clock, loadProfiles(files, setup.notices));
        r.session->setTargets(setup.targets);
        r.session->setPrometheusServers(setup.servers);
        std::string error;
        if (!setup.configPath.isEmpty() && !r.session->loadConfiguration(setup.configPath, error)) {
            cli::printErr(QString::fromStdString(error) + "\n");
            return std::nullopt;
        }
        for (const std::string& problem : r.session->configurationProblems())
            cli::printErr(QString::fromStdString(problem) + "\n");
        setup.alerting.warn = [](const std::string& warning) {
            cli::printErr(QString::fromStdString(warning) + "\n");
        };
        r.session->setAlerting(setup.alerting);
    }
    r.session->setPromqlGeneration(setup.promqlGeneration);
    r.window = std::make_unique<MainWindow>(*r.session, *r.theme, setup.source);
    return r;
}

} // namespace dw::gui
