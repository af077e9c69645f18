#pragma once

#include <QStringList>

namespace dw::cli {

// dispatchwatch query EXPR [--time T | --start T --end T --step D] (--data FILE | --config FILE | URL...)
int runQuery(const QStringList& arguments);

} // namespace dw::cli
