#pragma once

#include "model/labels.h"
#include "parser/exposition_parser.h"
#include "store/series_store.h"

#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

namespace dw {

// Parses scrape bodies of one target straight into a SeriesStore, the way Prometheus's scrape loop does.
// A scrape cache maps each series' text as written ("name{labels}") to its SeriesRef, so a repeated scrape
// resolves every known series without building labels; since exporters write series in the same order
// every time, the cache first tries the entry at the same position as last time. A scrape is atomic: a
// parse error stores nothing. Duplicate series keep the first sample and are counted. Series of the
// previous scrape that are missing now get a staleness marker, unless they carried their own timestamps.
// Target labels are added to every series; a scraped label of the same name becomes exported_<name>.
// Thread-safety: none; one ingester per target, used by one thread at a time. The store may be shared.
class ScrapeIngester {
public:
    struct Result {
        bool ok = false;
        ParseError error;
        std::size_t samples = 0;
        std::size_t newSeries = 0; // series the store did not know before
        std::size_t duplicates = 0;
        std::size_t outOfOrder = 0;
        std::size_t staleMarkers = 0;
    };

    // Prometheus's per-target limits; 0 means none. Breaking one fails the scrape, naming the limit.
    struct Limits {
        std::size_t samples = 0;
        std::size_t labels = 0; // per series, counting the metric name and the target labels
        std::size_t labelNameLength = 0;
        std::size_t labelValueLength = 0;
    };

    explicit ScrapeIngester(SeriesStore& store, Labels targetLabels = {}, ParseOptions options = {});
    void setLimits(const Limits& limits) { m_limits = limits; }

    Result ingest(std::string_view body, ExpositionFormat format, std::int64_t scrapeTimeMs);
    // For a failed scrape: writes staleness markers for every series of the previous successful scrape.
    std::size_t markAllStale(std::int64_t timeMs);
    std::size_t cachedSeries() const { return m_index.size(); }

private:
    // TYPE, HELP and UNIT as this target last reported them; passed to the store only when they change,
    // so steady scrapes cost no allocation for metadata.
    void noteMetadata(ExpositionParser::Entry kind);
    void commitMetadata();
    struct NameHash {
        using is_transparent = void; // find() by string_view: no allocation per TYPE/HELP line
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
    };
    std::unordered_map<std::string, SeriesStore::Metadata, NameHash, std::equal_to<>> m_metadata;
    std::vector<std::string> m_changedMetadata;

public:
private:
    static constexpr std::uint32_t kNoEntry = ~std::uint32_t(0);
    static constexpr SeriesRef kUnresolved = ~SeriesRef(0);

    struct Entry {
        std::string key;
        SeriesRef ref = kUnresolved;
        std::uint64_t seenInScrape = 0;
        bool explicitTimestamp = false;
    };
    struct Pending {
        std::uint32_t entry;
        std::int64_t t;
        double v;
    };
    struct KeyHash {
        std::size_t operator()(std::string_view key) const;
    };

    std::uint32_t lookup(std::string_view key, std::size_t position);
    bool addEntry(std::string_view key, Result& result);
    bool withinLabelLimits(const Labels& labels, Result& result) const;
    // Kept out of line: the steady-state loop stays small.
    [[gnu::cold, gnu::noinline]] void failSampleLimit(Result& result, std::size_t firstNewEntry);
    // The series' labels: the scraped ones (a clash with a target label renamed exported_<name>) plus the
    // target labels. The cache keeps no labels: a key can always be parsed again.
    Labels labelsOf(const ExpositionParser& parser) const;
    Labels labelsFromKey(std::string_view key) const;
    void rollback(std::size_t firstNewEntry);
    void commit(Result& result, std::int64_t scrapeTimeMs);
    void writeStaleMarkers(SeriesStore::Writer& writer, std::uint64_t scrape, std::int64_t timeMs,
                           Result& result);
    void compactIfSparse(std::size_t liveEntries);

    SeriesStore& m_store;
    Labels m_targetLabels;
    Limits m_limits;
    ExpositionParser m_parser;
    std::deque<Entry> m_entries; // a deque keeps keys in place, so m_index can point at them
    std::unordered_map<std::string_view, std::uint32_t, KeyHash> m_index;
    // The previous scrape's entries in order, with their keys side by side in one buffer, so the
    // predicted comparison reads memory sequentially.
    std::vector<std::uint32_t> m_order;
    std::string m_orderKeys;
    std::vector<std::uint32_t> m_orderKeyEnds;
    std::vector<std::uint32_t> m_nextOrder;
    std::string m_nextKeys;
    std::vector<std::uint32_t> m_nextKeyEnds;
    std::size_t m_predictedHits = 0;
    std::vector<Pending> m_pending;
    std::unordered_map<std::uint32_t, Labels> m_newLabels; // entries added by the scrape being read
    std::uint64_t m_scrape = 0;
    std::uint64_t m_lastGoodScrape = 0;
};

} // namespace dw
