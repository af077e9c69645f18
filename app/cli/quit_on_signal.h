#pragma once

namespace dw::cli {

// Makes SIGINT and SIGTERM quit the Qt event loop cleanly. The handler only writes a byte to a pipe (the
// one async-signal-safe thing to do); a socket notifier in the event loop reads it and quits.
// Call once, after the QCoreApplication exists.
void quitOnSignals();

} // namespace dw::cli
