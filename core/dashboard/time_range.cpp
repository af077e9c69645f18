#include "dashboard/time_range.h"

#include <QDateTime>
#include <QTimeZone>
#include <algorithm>
#include <charconv>

namespace dw::dashboard {

namespace {

// Grafana's units in relative times; months and years are calendar ones, here 30 and 365 days.
std::optional<std::int64_t> unitMs(char unit) {
    switch (unit) {
    case 's':
        return 1000;
    case 'm':
        return 60'000;
    case 'h':
        return 3'600'000;
    case 'd':
        return 86'400'000;
    case 'w':
        return 7 * 86'400'000LL;
    case 'M':
        return 30 * 86'400'000LL;
    case 'y':
        return 365 * 86'400'000LL;
    default:
        return std::nullopt;
    }
}

std::int64_t roundTo(std::int64_t ms, char unit, bool up) {
    QDateTime time = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    QDate date = time.date();
    QTime clock = time.time();
    switch (unit) {
    case 's':
        clock = QTime(clock.hour(), clock.minute(), clock.second());
        break;
    case 'm':
        clock = QTime(clock.hour(), clock.minute());
        break;
    case 'h':
        clock = QTime(clock.hour(), 0);
        break;
    case 'd':
        clock = QTime(0, 0);
        break;
    case 'w':
        date = date.addDays(-(date.dayOfWeek() % 7)), clock = QTime(0, 0);
        break; // weeks start on Sunday
    case 'M':
        date = QDate(date.year(), date.month(), 1), clock = QTime(0, 0);
        break;
    case 'y':
        date = QDate(date.year(), 1, 1), clock = QTime(0, 0);
        break;
    default:
        return ms;
    }
    const QDateTime start(date, clock, QTimeZone::utc());
    if (!up) return start.toMSecsSinceEpoch();
    QDateTime end = start;
    switch (unit) {
    case 's':
        end = start.addSecs(1);
        break;
    case 'm':
        end = start.addSecs(60);
        break;
    case 'h':
        end = start.addSecs(3600);
        break;
    case 'd':
        end = start.addDays(1);
        break;
    case 'w':
        end = start.addDays(7);
        break;
    case 'M':
        end = start.addMonths(1);
        break;
    case 'y':
        end = start.addYears(1);
        break;
    }
    return end.toMSecsSinceEpoch() - 1;
}

} // namespace

std::optional<std::int64_t> parseGrafanaTime(std::string_view text, std::int64_t nowMs, bool roundUp) {
    if (text.substr(0, 3) != "now") {
        std::int64_t ms = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
        if (ec == std::errc() && end == text.data() + text.size()) return ms;
        const QDateTime time =
            QDateTime::fromString(QString::fromUtf8(text.data(), qsizetype(text.size())), Qt::ISODateWithMs);
        if (time.isValid()) return time.toMSecsSinceEpoch();
        return std::nullopt;
    }
    std::int64_t ms = nowMs;
    std::size_t pos = 3;
    while (pos < text.size()) {
        const char op = text[pos++];
        if (op == '/') {
            if (pos + 1 != text.size() || !unitMs(text[pos])) return std::nullopt;
            return roundTo(ms, text[pos], roundUp);
        }
        if (op != '+' && op != '-') return std::nullopt;
        std::int64_t count = 0;
        const auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), count);
        if (ec != std::errc()) count = 1; // "now-d" is one day
        pos = std::size_t(end - text.data());
        if (pos >= text.size()) return std::nullopt;
        const auto unit = unitMs(text[pos++]);
        if (!unit) return std::nullopt;
        ms += (op == '-' ? -1 : 1) * count * *unit;
    }
    return ms;
}

std::optional<TimeRange> parseGrafanaRange(std::string_view from, std::string_view to, std::int64_t nowMs) {
    const auto start = parseGrafanaTime(from, nowMs, false);
    const auto end = parseGrafanaTime(to, nowMs, true);
    if (!start || !end || *end <= *start) return std::nullopt;
    return TimeRange{*start, *end};
}

std::int64_t roundInterval(std::int64_t ms) {
    // Grafana's table: each interval goes to the nice value nearest below the midpoint to the next one.
    static constexpr std::pair<std::int64_t, std::int64_t> kSteps[] = {
        {15, 10},
        {35, 20},
        {75, 50},
        {150, 100},
        {350, 200},
        {750, 500},
        {1'500, 1'000},
        {3'500, 2'000},
        {7'500, 5'000},
        {12'500, 10'000},
        {17'500, 15'000},
        {25'000, 20'000},
        {45'000, 30'000},
        {90'000, 60'000},
        {210'000, 120'000},
        {450'000, 300'000},
        {750'000, 600'000},
        {1'050'000, 900'000},
        {1'500'000, 1'200'000},
        {2'700'000, 1'800'000},
        {5'400'000, 3'600'000},
        {9'000'000, 7'200'000},
        {16'200'000, 10'800'000},
        {32'400'000, 21'600'000},
        {86'400'000, 43'200'000},
        {604'800'000, 86'400'000},
        {1'814'400'000, 604'800'000},
        {3'628'800'000, 2'592'000'000},
    };
    for (const auto& [below, value] : kSteps)
        if (ms < below) return value;
    return 31'536'000'000;
}

std::int64_t panelIntervalMs(std::int64_t rangeMs, int maxDataPoints, std::int64_t minIntervalMs) {
    const std::int64_t interval = roundInterval(rangeMs / std::max(1, maxDataPoints));
    return std::max(interval, minIntervalMs);
}

std::int64_t queryStepMs(std::int64_t intervalMs, int intervalFactor, std::int64_t minIntervalMs,
                         std::int64_t rangeMs) {
    const std::int64_t interval = std::max(intervalMs * std::max(1, intervalFactor), minIntervalMs);
    const std::int64_t safe = (rangeMs + 10'999'999) / 11'000'000 * 1000; // ceil(range s / 11000) s
    return std::max({interval, safe, std::int64_t(1)});
}

std::int64_t rateIntervalMs(std::int64_t intervalMs, std::int64_t scrapeIntervalMs) {
    return std::max(intervalMs + scrapeIntervalMs, 4 * scrapeIntervalMs);
}

std::string formatInterval(std::int64_t ms) {
    static constexpr std::pair<std::int64_t, const char*> kUnits[] = {
        {31'536'000'000, "y"}, {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1'000, "s"}};
    for (const auto& [size, unit] : kUnits)
        if (ms >= size) return std::to_string(ms / size) + unit;
    return std::to_string(std::max<std::int64_t>(ms, 1)) + "ms";
}

} // namespace dw::dashboard
