#include "health/series_facts.h"

#include "model/sample_value.h"

#include <algorithm>

namespace dw {

namespace {

// Index one past the last sample with time <= t.
std::size_t endAt(std::span<const Sample> samples, std::int64_t t) {
    return std::size_t(std::upper_bound(samples.begin(), samples.end(), t,
                                        [](std::int64_t v, const Sample& s) { return v < s.t; }) -
                       samples.begin());
}

// The increase a counter shows from one sample to the next (a reset counts what it counted since).
double step(double previous, double current) {
    return current >= previous ? current - previous : current;
}

} // namespace

std::optional<Sample> latestAt(std::span<const Sample> samples, std::int64_t t, std::int64_t lookbackMs) {
    const std::size_t end = endAt(samples, t);
    if (end == 0) return std::nullopt;
    const Sample& s = samples[end - 1];
    if (s.t < t - lookbackMs || isStaleMarker(s.v)) return std::nullopt;
    return s;
}

std::optional<std::int64_t> lastIncrease(std::span<const Sample> samples, std::int64_t t, bool fromZero) {
    std::optional<std::int64_t> found;
    std::optional<double> previous;
    if (fromZero) previous = 0;
    const std::size_t end = endAt(samples, t);
    for (std::size_t i = 0; i < end; ++i) {
        if (isStaleMarker(samples[i].v)) continue;
        if (previous && step(*previous, samples[i].v) > 0) found = samples[i].t;
        previous = samples[i].v;
    }
    return found;
}

double increaseBetween(std::span<const Sample> samples, std::int64_t from, std::int64_t to, bool fromZero) {
    double total = 0;
    std::optional<double> previous;
    if (fromZero) previous = 0;
    for (const Sample& s : samples) {
        if (s.t > to) break;
        if (isStaleMarker(s.v)) continue;
        if (previous && s.t > from) total += step(*previous, s.v);
        previous = s.v;
    }
    return total;
}

std::vector<std::int64_t> increaseTimes(std::span<const Sample> samples, std::int64_t from, std::int64_t to,
                                        bool fromZero) {
    std::vector<std::int64_t> out;
    std::optional<double> previous;
    if (fromZero) previous = 0;
    for (const Sample& s : samples) {
        if (s.t > to) break;
        if (isStaleMarker(s.v)) continue;
        if (previous && s.t > from && step(*previous, s.v) > 0) out.push_back(s.t);
        previous = s.v;
    }
    return out;
}

std::optional<std::int64_t> disappearedAt(std::span<const Sample> samples, std::int64_t t,
                                          std::int64_t lookbackMs) {
    const std::size_t end = endAt(samples, t);
    if (end == 0) return std::nullopt;
    std::size_t last = end - 1;
    if (isStaleMarker(samples[last].v)) {
        // The first of a run of markers is when it went.
        while (last > 0 && isStaleMarker(samples[last - 1].v))
            --last;
        return samples[last].t;
    }
    if (samples[last].t < t - lookbackMs) return samples[last].t;
    return std::nullopt;
}

std::optional<std::int64_t> valueSince(std::span<const Sample> samples, std::int64_t t,
                                       std::int64_t lookbackMs) {
    const auto latest = latestAt(samples, t, lookbackMs);
    if (!latest) return std::nullopt;
    std::int64_t since = latest->t;
    for (std::size_t i = endAt(samples, t); i-- > 0;) {
        if (isStaleMarker(samples[i].v) || samples[i].v != latest->v) break;
        since = samples[i].t;
    }
    return since;
}

} // namespace dw
