#pragma once

#include <QStringList>

namespace dw::cli {

// `dispatchwatch watch`: a headless session that prints the state, then every change as it happens.
int runWatch(const QStringList& arguments);

} // namespace dw::cli
