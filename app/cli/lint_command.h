#pragma once

#include <QStringList>

namespace dw::cli {

// dispatchwatch lint [--format text|openmetrics] [--labels POLICY.yaml] [--werror] [--json] FILE|URL|-
int runLint(const QStringList& arguments);

} // namespace dw::cli
