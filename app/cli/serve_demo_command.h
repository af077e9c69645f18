#pragma once

#include <QStringList>

namespace dw::cli {

// dispatchwatch serve-demo [--scenario NAME|FILE] [--listen ADDR:PORT] [--speed X] [--seed N] | --list
int runServeDemo(const QStringList& arguments);

} // namespace dw::cli
