#pragma once

#include <QString>

namespace dw {

// The version and the commit this program was built from, as `--version` prints them and Help → About
// shows them: "0.1.0 (commit 96812e6a1b2c)"; "unknown" when built outside a git checkout.
QString buildVersion();

// What `dispatchwatch --version` prints: the program, its version and commit, and the Qt it runs on.
QString versionText();

} // namespace dw
