#pragma once

#include "assessment/assessment.h"

#include <QString>
#include <vector>

namespace dw::cli {

// What `watch` prints: first the state of every target, entity and alert (check's tables, or one JSON
// object per line), then one line per change ("12:01:03 dispatcher-acme-emails healthy → stale: no
// heartbeat for 2m5s, threshold 2m"), coloured by state when colour is on. A value type.
class WatchPrinter {
public:
    enum class Format { Text, Json };
    WatchPrinter(Format format, bool colour) : m_format(format), m_colour(colour) {}

    // Colour when stdout is a terminal that is not "dumb" and NO_COLOR is unset (https://no-color.org).
    static bool colourWanted();
    bool json() const { return m_format == Format::Json; }

    QString state(const std::vector<TargetStatus>& targets, const AssessmentResult& result) const;
    QString changes(const std::vector<Incident>& incidents) const;
    // A line about the watch itself (an Alertmanager that fails, a recording that stopped): JSON too.
    QString notice(std::int64_t timeMs, const std::string& text) const;

private:
    QString textLine(const Incident& incident) const;
    QString jsonLine(const Incident& incident) const;
    QString coloured(const QString& text, const char* code) const;

    Format m_format;
    bool m_colour;
};

} // namespace dw::cli
