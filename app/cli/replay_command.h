#pragma once

#include <QStringList>

namespace dw::cli {

// dispatchwatch replay: the health report of a recording at given times, and its incidents.
int runReplay(const QStringList& arguments);

} // namespace dw::cli
