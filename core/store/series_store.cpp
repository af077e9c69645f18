#include "store/series_store.h"

#include "model/sample_value.h"
#include "util/hash.h"

#include <algorithm>
#include <bit>
#include <limits>

namespace dw {

std::optional<std::int64_t> SeriesStore::Series::lastTime() const {
    if (!head.empty()) return head.maxTime();
    if (!sealed.empty()) return sealed.back().maxTime();
    return std::nullopt;
}

namespace {

void sortViews(std::vector<LabelView>& views) {
    std::sort(views.begin(), views.end(),
              [](const LabelView& a, const LabelView& b) { return a.name < b.name; });
}

std::vector<LabelView> sortedViews(std::span<const LabelView> labels) {
    std::vector<LabelView> sorted(labels.begin(), labels.end());
    sortViews(sorted);
    return sorted;
}

std::uint64_t hashLabels(std::span<const LabelView> sorted) {
    std::uint64_t h = 0;
    for (const LabelView& label : sorted)
        h = hashMix(h ^ hashBytes(label.name), hashBytes(label.value));
    return h;
}

} // namespace

SeriesStore::SeriesStore() : SeriesStore(Options{}) {}
SeriesStore::SeriesStore(Options options) : m_options(options) {}
SeriesStore::~SeriesStore() = default;

void SeriesStore::clear() {
    std::unique_lock lock(m_mutex);
    // Refs are never reused, not even after a clear: a cached ref (a scrape cache, a report series) then
    // finds its series gone and resolves again, instead of writing into whichever series took its number.
    // The symbols stay for the same reason (ids cached beside refs); the entries left are a few bytes each.
    for (SeriesRef ref = 0; ref < m_series.size(); ++ref)
        if (m_series[ref].live) removeSeries(ref);
    m_index.clear();
    m_metadata.clear();
    m_newestMs = m_retainedAtMs = std::numeric_limits<std::int64_t>::min();
}

SeriesRef SeriesStore::getOrCreate(std::span<const LabelView> labels) {
    std::unique_lock lock(m_mutex);
    return getOrCreateLocked(labels, nullptr);
}

std::optional<SeriesRef> SeriesStore::find(std::span<const LabelView> labels) const {
    const auto sorted = sortedViews(labels);
    std::shared_lock lock(m_mutex);
    return findLocked(sorted, hashLabels(sorted));
}

std::optional<SeriesRef> SeriesStore::findLocked(std::span<const LabelView> sorted,
                                                 std::uint64_t hash) const {
    const std::uint32_t found = m_index.find(hash, [&](std::uint32_t ref) {
        const Series& series = m_series[ref];
        if (series.labels.size() != sorted.size()) return false;
        for (std::size_t i = 0; i < sorted.size(); ++i)
            if (m_symbols.text(series.labels[i].first) != sorted[i].name ||
                m_symbols.text(series.labels[i].second) != sorted[i].value)
                return false;
        return true;
    });
    if (found == HashIndex::kNone) return std::nullopt;
    return SeriesRef(found);
}

SeriesRef SeriesStore::getOrCreateLocked(std::span<const LabelView> labels, bool* created) {
    // Under the exclusive lock: one reused buffer, no allocation per series looked up.
    m_sorted.assign(labels.begin(), labels.end());
    sortViews(m_sorted);
    const std::span<const LabelView> sorted = m_sorted;
    const std::uint64_t hash = hashLabels(sorted);
    if (created) *created = false;
    if (const auto existing = findLocked(sorted, hash)) return *existing;
    if (created) *created = true;
    const auto ref = SeriesRef(m_series.size());
    Series& series = m_series.emplace_back();
    series.hash = hash;
    series.labels.reserve(sorted.size());
    for (const LabelView& label : sorted)
        series.labels.emplace_back(m_symbols.intern(label.name), m_symbols.intern(label.value));
    m_index.insert(hash, ref);
    ++m_liveSeries;
    return ref;
}

SeriesStore::AppendResult SeriesStore::append(SeriesRef ref, std::int64_t t, double v) {
    std::unique_lock lock(m_mutex);
    const AppendResult result = appendLocked(ref, t, v);
    retainLocked();
    return result;
}

SeriesStore::AppendResult SeriesStore::appendLocked(SeriesRef ref, std::int64_t t, double v) {
    if (ref >= m_series.size() || !m_series[ref].live) return AppendResult::UnknownSeries;
    Series& series = m_series[ref];
    if (const auto last = series.lastTime()) {
        if (t < *last) return AppendResult::OutOfOrder;
        if (t == *last) {
            const double previous =
                series.head.empty() ? series.sealed.back().lastValue() : series.head.lastValue();
            return std::bit_cast<std::uint64_t>(previous) == std::bit_cast<std::uint64_t>(v)
                       ? AppendResult::Ok
                       : AppendResult::Duplicate;
        }
    }
    if (series.head.full()) {
        const std::size_t reserve = series.head.successorReserve();
        series.sealed.push_back(std::move(series.head));
        series.sealed.back().seal();
        series.head = XorChunk(reserve);
    }
    series.head.append(t, v);
    m_newestMs = std::max(m_newestMs, t);
    return AppendResult::Ok;
}

const SeriesStore::Series* SeriesStore::liveSeries(SeriesRef ref) const {
    if (ref >= m_series.size() || !m_series[ref].live) return nullptr;
    return &m_series[ref];
}

bool SeriesStore::isLive(SeriesRef ref) const {
    std::shared_lock lock(m_mutex);
    return liveSeries(ref) != nullptr;
}

Labels SeriesStore::labels(SeriesRef ref) const {
    std::shared_lock lock(m_mutex);
    Labels out;
    if (const Series* live = liveSeries(ref)) {
        const Series& series = *live;
        out.reserve(series.labels.size());
        for (const auto& [name, value] : series.labels)
            out.push_back({std::string(m_symbols.text(name)), std::string(m_symbols.text(value))});
    }
    return out;
}

void SeriesStore::samples(SeriesRef ref, std::int64_t t0, std::int64_t t1, std::vector<Sample>& out) const {
    std::shared_lock lock(m_mutex);
    const Series* live = liveSeries(ref);
    if (!live || t1 < t0) return;
    const Series& series = *live;
    auto collect = [&](const XorChunk& chunk) {
        if (chunk.empty() || chunk.maxTime() < t0 || chunk.minTime() > t1) return;
        XorChunk::Iterator it(chunk);
        Sample sample;
        while (it.next(sample)) {
            if (sample.t > t1) break;
            if (sample.t >= t0) out.push_back(sample);
        }
    };
    // Chunks are in time order: skip to the first that can hold t0.
    auto first = std::lower_bound(series.sealed.begin(), series.sealed.end(), t0,
                                  [](const XorChunk& chunk, std::int64_t t) { return chunk.maxTime() < t; });
    for (auto it = first; it != series.sealed.end() && it->minTime() <= t1; ++it)
        collect(*it);
    collect(series.head);
}

std::optional<Sample> SeriesStore::valueAt(SeriesRef ref, std::int64_t t, std::int64_t lookbackMs) const {
    std::shared_lock lock(m_mutex);
    const Series* live = liveSeries(ref);
    if (!live) return std::nullopt;
    const Series& series = *live;
    const XorChunk* chunk = nullptr;
    if (!series.head.empty() && series.head.minTime() <= t) {
        chunk = &series.head;
    } else {
        // The last sealed chunk that starts at or before t holds the last sample at or before t.
        auto after =
            std::upper_bound(series.sealed.begin(), series.sealed.end(), t,
                             [](std::int64_t time, const XorChunk& c) { return time < c.minTime(); });
        if (after != series.sealed.begin()) chunk = &*(after - 1);
    }
    if (!chunk) return std::nullopt;
    XorChunk::Iterator it(*chunk);
    Sample sample;
    std::optional<Sample> found;
    while (it.next(sample) && sample.t <= t)
        found = sample;
    if (!found || found->t < t - lookbackMs || isStaleMarker(found->v)) return std::nullopt;
    return found;
}

std::optional<Sample> SeriesStore::lastSample(SeriesRef ref) const {
    std::shared_lock lock(m_mutex);
    const Series* live = liveSeries(ref);
    if (!live) return std::nullopt;
    const Series& series = *live;
    const XorChunk* chunk = !series.head.empty()    ? &series.head
                            : series.sealed.empty() ? nullptr
                                                    : &series.sealed.back();
    if (!chunk) return std::nullopt;
    return Sample{chunk->maxTime(), chunk->lastValue()};
}

std::vector<SeriesRef> SeriesStore::seriesWithName(std::string_view metricName) const {
    std::shared_lock lock(m_mutex);
    std::vector<SeriesRef> refs;
    const SymbolTable::Id nameLabel = m_symbols.find(kMetricNameLabel);
    const SymbolTable::Id name = m_symbols.find(metricName);
    if (nameLabel == SymbolTable::kMissing || name == SymbolTable::kMissing) return refs;
    for (SeriesRef ref = 0; ref < m_series.size(); ++ref) {
        const Series& series = m_series[ref];
        if (!series.live) continue;
        for (const auto& [labelName, value] : series.labels)
            if (labelName == nameLabel && value == name) refs.push_back(ref);
    }
    return refs;
}

std::vector<std::string> SeriesStore::metricNames() const {
    std::vector<std::string> names;
    for (auto& [name, count] : metricNameCounts())
        names.push_back(std::move(name));
    return names;
}

void SeriesStore::setMetadata(std::string_view family, const Metadata& metadata) {
    std::unique_lock lock(m_mutex);
    m_metadata[std::string(family)] = metadata;
}

std::optional<SeriesStore::Metadata> SeriesStore::metadata(std::string_view family) const {
    std::shared_lock lock(m_mutex);
    const auto it = m_metadata.find(std::string(family));
    if (it == m_metadata.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> SeriesStore::labelNames() const {
    std::shared_lock lock(m_mutex);
    std::vector<SymbolTable::Id> ids;
    const SymbolTable::Id nameLabel = m_symbols.find(kMetricNameLabel);
    for (const Series& series : m_series) {
        if (!series.live) continue;
        for (const auto& [label, value] : series.labels)
            if (label != nameLabel) ids.push_back(label);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<std::string> names;
    names.reserve(ids.size());
    for (const SymbolTable::Id id : ids)
        names.emplace_back(m_symbols.text(id));
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<std::pair<std::string, std::size_t>> SeriesStore::metricNameCounts() const {
    std::shared_lock lock(m_mutex);
    std::unordered_map<SymbolTable::Id, std::size_t> counts;
    const SymbolTable::Id nameLabel = m_symbols.find(kMetricNameLabel);
    for (const Series& series : m_series) {
        if (!series.live) continue;
        for (const auto& [label, value] : series.labels)
            if (label == nameLabel) ++counts[value];
    }
    std::vector<std::pair<std::string, std::size_t>> out;
    out.reserve(counts.size());
    for (const auto& [id, n] : counts)
        out.emplace_back(std::string(m_symbols.text(id)), n);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<SeriesRef> SeriesStore::allSeries() const {
    std::shared_lock lock(m_mutex);
    std::vector<SeriesRef> refs;
    refs.reserve(m_liveSeries);
    for (SeriesRef ref = 0; ref < m_series.size(); ++ref)
        if (m_series[ref].live) refs.push_back(ref);
    return refs;
}

void SeriesStore::removeSeries(SeriesRef ref) {
    Series& series = m_series[ref];
    m_index.erase(series.hash, ref);
    series = Series();
    series.live = false;
    series.head = XorChunk(0);
    --m_liveSeries;
}

void SeriesStore::applyRetention(std::int64_t nowMs) {
    std::unique_lock lock(m_mutex);
    applyRetentionLocked(nowMs);
}

void SeriesStore::retainLocked() {
    // A 64th of the retention: what is kept overshoots it by at most that, and the scan over every series
    // runs 64 times per retention period of data, however often scrapes come.
    const std::int64_t every = std::max<std::int64_t>(m_options.retentionMs / 64, 1000);
    if (m_newestMs == std::numeric_limits<std::int64_t>::min()) return;
    if (m_retainedAtMs != std::numeric_limits<std::int64_t>::min() && m_newestMs - m_retainedAtMs < every)
        return;
    if (m_retainedAtMs ==
        std::numeric_limits<std::int64_t>::min()) { // the first samples: nothing to drop yet
        m_retainedAtMs = m_newestMs;
        return;
    }
    m_retainedAtMs = m_newestMs;
    applyRetentionLocked(m_newestMs);
}

void SeriesStore::applyRetentionLocked(std::int64_t nowMs) {
    const std::int64_t cutoff = nowMs - m_options.retentionMs;
    for (SeriesRef ref = 0; ref < m_series.size(); ++ref) {
        Series& series = m_series[ref];
        if (!series.live) continue;
        auto keep = std::find_if(series.sealed.begin(), series.sealed.end(),
                                 [&](const XorChunk& chunk) { return chunk.maxTime() >= cutoff; });
        series.sealed.erase(series.sealed.begin(), keep);
        if (!series.head.empty() && series.head.maxTime() < cutoff) series.head = XorChunk();
        if (series.empty()) removeSeries(ref);
    }
    enforceBudget();
}

void SeriesStore::enforceBudget() {
    std::size_t total = m_symbols.byteSize();
    struct Candidate {
        std::int64_t maxTime;
        std::size_t bytes;
    };
    std::vector<Candidate> candidates;
    for (const Series& series : m_series) {
        total += sizeof(Series) + series.labels.capacity() * sizeof(LabelIds::value_type) +
                 series.head.allocatedBytes();
        for (const XorChunk& chunk : series.sealed) {
            total += chunk.allocatedBytes() + sizeof(XorChunk);
            candidates.push_back({chunk.maxTime(), chunk.allocatedBytes() + sizeof(XorChunk)});
        }
    }
    if (total <= m_options.memoryBudgetBytes) return;
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate& a, const Candidate& b) { return a.maxTime < b.maxTime; });
    std::size_t excess = total - m_options.memoryBudgetBytes;
    std::int64_t cutoff = std::numeric_limits<std::int64_t>::min();
    for (const Candidate& candidate : candidates) {
        cutoff = candidate.maxTime;
        if (candidate.bytes >= excess) break;
        excess -= candidate.bytes;
    }
    for (Series& series : m_series) {
        auto keep = std::find_if(series.sealed.begin(), series.sealed.end(),
                                 [&](const XorChunk& chunk) { return chunk.maxTime() > cutoff; });
        series.sealed.erase(series.sealed.begin(), keep);
    }
}

SeriesStore::Stats SeriesStore::stats() const {
    std::shared_lock lock(m_mutex);
    Stats stats;
    stats.series = m_liveSeries;
    stats.allocatedBytes = m_symbols.byteSize();
    for (const Series& series : m_series) {
        if (!series.live) continue;
        stats.allocatedBytes += sizeof(Series) + series.labels.capacity() * sizeof(LabelIds::value_type);
        for (const XorChunk* chunk = series.sealed.data();
             chunk != series.sealed.data() + series.sealed.size(); ++chunk) {
            ++stats.chunks;
            stats.samples += chunk->count();
            stats.encodedBytes += chunk->byteSize();
            stats.allocatedBytes += chunk->allocatedBytes() + sizeof(XorChunk);
        }
        if (!series.head.empty()) {
            ++stats.chunks;
            stats.samples += series.head.count();
            stats.encodedBytes += series.head.byteSize();
        }
        stats.allocatedBytes += series.head.allocatedBytes();
    }
    return stats;
}

} // namespace dw
