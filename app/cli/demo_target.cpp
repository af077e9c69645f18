#include "cli/demo_target.h"

#include "cli/command.h"

namespace dw::cli {

std::unique_ptr<DemoExporter> startDemoTarget(const QString& scenarioName, std::shared_ptr<ScaledClock> clock,
                                              std::int64_t intervalMs, std::int64_t timeoutMs,
                                              LiveTargets& targets, int& exitCode) {
    std::string error;
    const auto scenario = Scenario::load(scenarioName.toStdString(), error);
    if (!scenario) {
        printErr(QString::fromStdString(error) + "\n");
        exitCode = kExitUsage;
        return nullptr;
    }
    DemoExporter::Options options;
    options.scenarioStartMs = clock->originMs();
    auto demo = std::make_unique<DemoExporter>(*scenario, std::move(clock), options);
    QString listenError;
    if (!demo->listen(listenError)) {
        printErr(listenError + "\n");
        exitCode = kExitFailed;
        return nullptr;
    }
    TargetSpec spec = DemoExporter::target(demo->metricsUrl(), intervalMs);
    spec.timeoutMs = timeoutMs;
    targets.add(spec);
    return demo;
}

std::optional<double> demoSpeed(const QString& text) {
    bool ok = false;
    const double speed = text.toDouble(&ok);
    if (!ok || !(speed > 0)) {
        printErr("invalid --speed: use a number above 0\n");
        return std::nullopt;
    }
    return speed;
}

} // namespace dw::cli
