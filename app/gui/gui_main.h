#pragma once

namespace dw::gui {

// True when the arguments ask for the window rather than a subcommand (none, or options and URLs).
bool wantsWindow(int argc, char** argv);
// Opens the main window: the given targets, the demo, or the last run's targets.
int runWindow(int argc, char** argv);
// dispatchwatch screenshot ...: renders the real main window offscreen after some live data.
int runScreenshot(int argc, char** argv);

} // namespace dw::gui
