#pragma once

#include <QStringList>

namespace dw::cli {

// dispatchwatch check [--config prometheus.yml] [--job NAME] [--samples N] [--interval D] [--timeout D]
//                     [--json] [URL...]
// Exit codes: 0 every target up; 2 some target down or unreadable; 3 usage or configuration error.
int runCheck(const QStringList& arguments);

} // namespace dw::cli
