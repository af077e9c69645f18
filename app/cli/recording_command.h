#pragma once

#include <QStringList>

namespace dw::cli {

// dispatchwatch recording info|verify|repair|export|import: look after recording files.
int runRecording(const QStringList& arguments);

} // namespace dw::cli
