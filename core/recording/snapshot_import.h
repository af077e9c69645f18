#pragma once

#include "recording/recording_writer.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace dw {

// Turns saved snapshots — single exposition files (`curl …/metrics > snap.prom`), folders of them, and
// OpenMetrics files with timestamps — into scrapes of a recording. Each file's time comes from its
// samples' timestamps, else from a time in its name (ISO 8601 or Unix seconds or milliseconds), else
// from its modification time; which one is kept with it. A file that does not parse is imported all the
// same, as the scrape it would have been: replay shows it failed, with the parser's error.
// Thread-safety: functions; no shared state.
struct ImportedSnapshot {
    QString path;
    std::int64_t timeMs = 0;
    QString timeSource; // "timestamps in the file", "the file name", "the modification time"
    QString target;     // job/instance it is recorded under
    QString parseError; // "file:line:col: ..." when it does not parse
};

// The snapshots under the given files and folders (folders recursively, in name order), with their times
// and targets; error names a path that cannot be read.
std::vector<ImportedSnapshot> findSnapshots(const QStringList& paths, QString& error);
// The time a file name states, if any.
std::optional<std::int64_t> timeFromFileName(const QString& fileName);
// Writes the snapshots into a recording in time order.
bool writeSnapshots(const std::vector<ImportedSnapshot>& snapshots, RecordingWriter& writer, QString& error);

} // namespace dw
