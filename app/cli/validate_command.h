#pragma once

#include <QStringList>

namespace dw::cli {

// dispatchwatch validate [--format text|openmetrics] FILE|-
int runValidate(const QStringList& arguments);

} // namespace dw::cli
