#pragma once

#include <QStringList>

namespace dw::cli {

// dispatchwatch dashboard check FILE.json [--against URL... | --recording FILE | --prometheus URL] [--json]
// dispatchwatch dashboard export --profile NAME [--out FILE]
int runDashboard(const QStringList& arguments);

} // namespace dw::cli
