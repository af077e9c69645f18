#pragma once

#include "model/labels.h"
#include "model/metric_type.h"
#include "store/symbol_table.h"
#include "store/xor_chunk.h"
#include "util/hash_index.h"

#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <unordered_map>
#include <vector>

namespace dw {

using SeriesRef = std::uint32_t;

// The in-memory time series database. A series is a metric name plus its sorted, interned label set,
// created once and named by a SeriesRef; its samples live in time order in compressed XorChunks
// (about 120 samples each). Appending to a known series allocates nothing except when a chunk is cut.
// Reads return a closed time range or the value at a time with Prometheus 2.x lookback (the last sample
// in [t - lookback, t], none if it is a staleness marker). Retention drops chunks by age and, over the
// memory budget, oldest first; series left without samples are removed and their refs stay invalid.
//
// Thread-safety: every public method is safe to call from any thread (a reader-writer lock inside).
// A Writer holds the write lock for a batch, so one scrape appends without a lock per sample.
class SeriesStore {
public:
    static constexpr std::int64_t kDefaultLookbackMs = 5 * 60 * 1000;

    struct Options {
        std::int64_t retentionMs = 24LL * 3600 * 1000;
        std::size_t memoryBudgetBytes = std::size_t(1) << 30;
    };
    enum class AppendResult { Ok, OutOfOrder, Duplicate, UnknownSeries };
    struct Stats {
        std::size_t series = 0;
        std::size_t chunks = 0;
        std::size_t samples = 0;
        std::size_t encodedBytes = 0;   // bytes the chunk encodings use
        std::size_t allocatedBytes = 0; // chunk buffers as allocated, plus symbols and series overhead
    };

    SeriesStore();
    explicit SeriesStore(Options options);
    ~SeriesStore();
    SeriesStore(const SeriesStore&) = delete;
    SeriesStore& operator=(const SeriesStore&) = delete;

    SeriesRef getOrCreate(std::span<const LabelView> labels);
    std::optional<SeriesRef> find(std::span<const LabelView> labels) const;
    AppendResult append(SeriesRef ref, std::int64_t t, double v);

    bool isLive(SeriesRef ref) const;
    Labels labels(SeriesRef ref) const;
    // Samples with t0 <= t <= t1, appended to out in time order.
    void samples(SeriesRef ref, std::int64_t t0, std::int64_t t1, std::vector<Sample>& out) const;
    std::optional<Sample> valueAt(SeriesRef ref, std::int64_t t,
                                  std::int64_t lookbackMs = kDefaultLookbackMs) const;
    std::optional<Sample> lastSample(SeriesRef ref) const;
    std::vector<SeriesRef> seriesWithName(std::string_view metricName) const;
    std::vector<SeriesRef> allSeries() const;
    // The distinct metric names of the live series, sorted.
    std::vector<std::string> metricNames() const;
    // The distinct label names of the live series (__name__ excluded), sorted.
    std::vector<std::string> labelNames() const;
    // The same with how many live series each has.
    std::vector<std::pair<std::string, std::size_t>> metricNameCounts() const;

    // What a metric family's TYPE, HELP and UNIT lines say, as last scraped.
    struct Metadata {
        MetricType type = MetricType::Unknown;
        std::string help;
        std::string unit;
        bool operator==(const Metadata&) const = default;
    };
    void setMetadata(std::string_view family, const Metadata& metadata);
    std::optional<Metadata> metadata(std::string_view family) const;

    // Drops what is older than the retention (relative to nowMs) and enforces the memory budget. Writes
    // do it by themselves as the newest sample time moves on by a 64th of the retention, so a store that is
    // written to for days stays within its retention; this is for a caller whose clock moves without samples.
    void applyRetention(std::int64_t nowMs);
    // Drops every series and all metadata: a replay going back in time starts again. Refs handed out
    // before stay invalid for good (never given to a new series), so caches holding them are safe.
    void clear();
    Stats stats() const;
    const Options& options() const { return m_options; }

    class Writer {
    public:
        explicit Writer(SeriesStore& store) : m_store(store), m_lock(store.m_mutex) {}
        ~Writer() { m_store.retainLocked(); }
        Writer(const Writer&) = delete;
        Writer& operator=(const Writer&) = delete;
        // Room for this many more series, so that creating them does not grow the index again and again.
        void reserve(std::size_t moreSeries) { m_store.m_index.reserve(m_store.m_index.size() + moreSeries); }
        SeriesRef getOrCreate(std::span<const LabelView> labels, bool* created = nullptr) {
            return m_store.getOrCreateLocked(labels, created);
        }
        AppendResult append(SeriesRef ref, std::int64_t t, double v) {
            return m_store.appendLocked(ref, t, v);
        }

    private:
        SeriesStore& m_store;
        std::unique_lock<std::shared_mutex> m_lock;
    };

private:
    using LabelIds = std::vector<std::pair<SymbolTable::Id, SymbolTable::Id>>;
    struct Series {
        LabelIds labels;
        std::uint64_t hash = 0;
        std::vector<XorChunk> sealed;
        XorChunk head;
        bool live = true;

        bool empty() const { return sealed.empty() && head.empty(); }
        std::optional<std::int64_t> lastTime() const;
    };

    SeriesRef getOrCreateLocked(std::span<const LabelView> labels, bool* created);
    std::optional<SeriesRef> findLocked(std::span<const LabelView> sorted, std::uint64_t hash) const;
    AppendResult appendLocked(SeriesRef ref, std::int64_t t, double v);
    const Series* liveSeries(SeriesRef ref) const;
    void removeSeries(SeriesRef ref);
    void applyRetentionLocked(std::int64_t nowMs);
    // Applies the retention when the newest sample has moved on enough since it last was.
    void retainLocked();
    void enforceBudget();

    Options m_options;
    mutable std::shared_mutex m_mutex;
    SymbolTable m_symbols;
    // In creation order and contiguous, so a scrape's appends walk memory in order; never erased, so refs
    // stay valid (removed series stay as empty, dead entries).
    std::deque<Series> m_series;
    HashIndex m_index;               // label-set hash -> ref
    std::vector<LabelView> m_sorted; // getOrCreateLocked's scratch
    std::unordered_map<std::string, Metadata> m_metadata;
    std::size_t m_liveSeries = 0;
    std::int64_t m_newestMs = std::numeric_limits<std::int64_t>::min(); // of any sample appended
    std::int64_t m_retainedAtMs =
        std::numeric_limits<std::int64_t>::min(); // newest time at the last retention
};

} // namespace dw
