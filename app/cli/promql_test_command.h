#pragma once

#include <QStringList>

namespace dw::cli {

// dispatchwatch promql-test FILE...
int runPromqlTest(const QStringList& arguments);

} // namespace dw::cli
