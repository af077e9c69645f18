#pragma once

#include "gui/gui_setup.h"
#include "main_window.h"
#include "monitor/monitor_session.h"
#include "theme.h"

#include <QTemporaryDir>
#include <memory>
#include <optional>

namespace dw::gui {

// A window with everything it shows: the demo exporter it watches (if any), the session, the theme and the
// window; for saved snapshots, the folder of the recording they were imported into. Destroyed in reverse
// order, the window first. What the window (runWindow) and `screenshot` open.
struct Running {
    std::unique_ptr<QTemporaryDir> imported; // snapshots turned into a recording for the replay
    std::unique_ptr<DemoService> demo;
    std::unique_ptr<Theme> theme;
    std::unique_ptr<MonitorSession> session;
    std::unique_ptr<MainWindow> window;
};

// Builds the session and window for a setup; nothing on failure (reported on stderr).
std::optional<Running> open(GuiSetup& setup);

} // namespace dw::gui
