#pragma once

#include "model/labels.h"
#include "parser/exposition_parser.h"
#include "store/series_store.h"
#include "util/hash_index.h"
#include "util/text_arena.h"

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
        std::string_view key; // in m_keys
        SeriesRef ref = kUnresolved;
        std::uint64_t seenInScrape = 0;
        bool explicitTimestamp = false;
    };
    struct Pending {
        std::uint32_t entry;
        std::int64_t t;
        double v;
    };

    std::uint32_t lookup(std::string_view key, std::size_t position);
    bool addEntry(std::string_view key, Result& result);
    bool withinLabelLimits(std::span<const LabelView> labels, Result& result) const;
    // Kept out of line: the steady-state loop stays small.
    [[gnu::cold, gnu::noinline]] void failSampleLimit(Result& result, std::size_t firstNewEntry);
    // m_views := the series' labels: the scraped ones (a clash with a target label renamed
    // exported_<name>) plus the target labels; views into the body, the target labels and m_labelText,
    // valid until the next call.
    void labelViews(const ExpositionParser& parser);
    // The same for a cached key, parsed again: the cache keeps no labels.
    void keyLabelViews(std::string_view key);
    void rollback(std::size_t firstNewEntry);
    void commit(Result& result, std::int64_t scrapeTimeMs, std::size_t newEntries);
    void reserveForLines(std::string_view body);
    void writeStaleMarkers(SeriesStore::Writer& writer, std::uint64_t scrape, std::int64_t timeMs,
                           Result& result);
    void compactIfSparse(std::size_t liveEntries);

    SeriesStore& m_store;
    Labels m_targetLabels;
    Limits m_limits;
    ExpositionParser m_parser;
    std::vector<Entry> m_entries;
    TextArena m_keys;           // every entry's key, stored once
    TextArena::Mark m_keysMark; // before the scrape being read: a failed scrape's keys are forgotten
    HashIndex m_index;          // hash of a key -> its entry
    // The previous scrape's entries in order, and the scrape being read's.
    std::vector<std::uint32_t> m_order;
    std::vector<std::uint32_t> m_nextOrder;
    std::size_t m_predictedHits = 0;
    std::vector<Pending> m_pending;
    std::vector<LabelView> m_views; // labelViews()'s result
    TextArena m_labelText;          // unescaped values and renamed labels of m_views
    ExpositionFormat m_format = ExpositionFormat::Text004;
    ExpositionParser m_keyParser;
    std::string m_keyLine;
    std::uint64_t m_scrape = 0;
    std::uint64_t m_lastGoodScrape = 0;
};

} // namespace dw
