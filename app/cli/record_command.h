#pragma once

#include <QStringList>

namespace dw::cli {

// dispatchwatch record: scrapes targets on their schedules and appends every scrape to a recording.
int runRecord(const QStringList& arguments);

} // namespace dw::cli
