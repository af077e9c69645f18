#include "util/timestamp.h"

#include "model/number_parser.h"

#include <QDateTime>
#include <QString>
#include <cmath>

namespace dw {

std::optional<std::int64_t> parseTimestampArgument(std::string_view text) {
    if (text.empty()) return std::nullopt;
    double seconds = 0;
    if (parseSampleValue(text, true, seconds)) {
        if (!std::isfinite(seconds)) return std::nullopt;
        return std::int64_t(std::llround(seconds * 1000));
    }
    const QString value = QString::fromUtf8(text.data(), qsizetype(text.size()));
    // RFC 3339 needs a date, a time and an offset; Qt's ISO parser accepts more, so require the T and zone.
    if (value.size() < 20 || (value[10] != 'T' && value[10] != 't' && value[10] != ' ')) return std::nullopt;
    const QChar last = value.back();
    const bool hasZone =
        last == 'Z' || last == 'z' || value.right(6).startsWith('+') || value.right(6).startsWith('-');
    if (!hasZone) return std::nullopt;
    QString normalised = value;
    normalised[10] = 'T';
    if (last == 'z') normalised.back() = 'Z';
    const QDateTime parsed = QDateTime::fromString(normalised, Qt::ISODateWithMs);
    if (!parsed.isValid()) return std::nullopt;
    return parsed.toMSecsSinceEpoch();
}

std::string formatRfc3339(std::int64_t ms) {
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    return (ms % 1000 == 0 ? time.toString(Qt::ISODate) : time.toString(Qt::ISODateWithMs)).toStdString();
}

} // namespace dw
