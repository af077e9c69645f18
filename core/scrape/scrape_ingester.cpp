#include "scrape/scrape_ingester.h"

#include "model/label_text.h"
#include "model/sample_value.h"
#include "util/hash.h"

#include <algorithm>
#include <cstring>

namespace dw {

std::size_t ScrapeIngester::KeyHash::operator()(std::string_view key) const {
    return hashBytes(key);
}

ScrapeIngester::ScrapeIngester(SeriesStore& store, Labels targetLabels, ParseOptions options)
    : m_store(store), m_targetLabels(std::move(targetLabels)), m_parser(options) {
    sortLabels(m_targetLabels);
}

std::uint32_t ScrapeIngester::lookup(std::string_view key, std::size_t position) {
    if (position < m_order.size()) {
        const std::uint32_t begin = position ? m_orderKeyEnds[position - 1] : 0;
        const std::uint32_t end = m_orderKeyEnds[position];
        if (end - begin == key.size() &&
            std::memcmp(m_orderKeys.data() + begin, key.data(), key.size()) == 0) {
            ++m_predictedHits;
            return m_order[position];
        }
    }
    const auto it = m_index.find(key);
    return it == m_index.end() ? kNoEntry : it->second;
}

bool ScrapeIngester::addEntry(std::string_view key, Result& result) {
    if (const std::string_view duplicate = m_parser.duplicateLabelName(); !duplicate.empty()) {
        result.error = {m_parser.line(), 1,
                        "label \"" + std::string(duplicate) + "\" appears twice in one series",
                        quoteExcerpt(key)};
        return false;
    }
    Labels labels = labelsOf(m_parser);
    if (!withinLabelLimits(labels, result)) return false;
    Entry& entry = m_entries.emplace_back();
    entry.key = std::string(key);
    const auto index = std::uint32_t(m_entries.size() - 1);
    m_index.emplace(std::string_view(entry.key), index);
    m_newLabels.emplace(index, std::move(labels));
    return true;
}

Labels ScrapeIngester::labelsOf(const ExpositionParser& parser) const {
    Labels labels;
    labels.reserve(parser.labels().size() + m_targetLabels.size() + 1);
    labels.push_back({std::string(kMetricNameLabel), std::string(parser.name())});
    for (const auto& span : parser.labels()) {
        std::string name(span.name);
        for (const Label& target : m_targetLabels)
            if (target.name == name) name = "exported_" + name;
        labels.push_back(
            {std::move(name), span.escaped ? unescaped(span.rawValue) : std::string(span.rawValue)});
    }
    labels.insert(labels.end(), m_targetLabels.begin(), m_targetLabels.end());
    return labels;
}

Labels ScrapeIngester::labelsFromKey(std::string_view key) const {
    // Rare: only after retention removed a series that is scraped again. The key was valid when cached.
    const std::string line = std::string(key) + " 0\n";
    ExpositionParser parser;
    parser.reset(line, ExpositionFormat::Text004);
    return parser.next() == ExpositionParser::Entry::Series ? labelsOf(parser) : Labels{};
}

void ScrapeIngester::failSampleLimit(Result& result, std::size_t firstNewEntry) {
    result.error = {m_parser.line(),
                    1,
                    "sample limit of " + std::to_string(m_limits.samples) +
                        " exceeded: the body has more samples",
                    {}};
    rollback(firstNewEntry);
}

bool ScrapeIngester::withinLabelLimits(const Labels& labels, Result& result) const {
    const std::string series = formatLabels(labels);
    auto fail = [&](std::string message) {
        result.error = {m_parser.line(), 1, std::move(message), quoteExcerpt(series)};
        return false;
    };
    if (m_limits.labels && labels.size() > m_limits.labels)
        return fail("label limit of " + std::to_string(m_limits.labels) + " exceeded: the series has " +
                    std::to_string(labels.size()) + " labels");
    for (const Label& label : labels) {
        if (m_limits.labelNameLength && label.name.size() > m_limits.labelNameLength)
            return fail("label name length limit of " + std::to_string(m_limits.labelNameLength) +
                        " exceeded by \"" + label.name + "\"");
        if (m_limits.labelValueLength && label.value.size() > m_limits.labelValueLength)
            return fail("label value length limit of " + std::to_string(m_limits.labelValueLength) +
                        " exceeded by label \"" + label.name + "\"");
    }
    return true;
}

void ScrapeIngester::noteMetadata(ExpositionParser::Entry kind) {
    const std::string_view family = m_parser.name();
    auto it = m_metadata.find(family);
    if (it == m_metadata.end()) it = m_metadata.emplace(std::string(family), SeriesStore::Metadata{}).first;
    SeriesStore::Metadata& m = it->second;
    bool changed = false;
    if (kind == ExpositionParser::Entry::Type && m.type != m_parser.type()) {
        m.type = m_parser.type();
        changed = true;
    } else if (kind == ExpositionParser::Entry::Unit && m.unit != m_parser.unit()) {
        m.unit = std::string(m_parser.unit());
        changed = true;
    } else if (kind == ExpositionParser::Entry::Help && m.help != m_parser.rawHelp()) {
        m.help = std::string(m_parser.rawHelp()); // kept as written; unescaped for the store
        changed = true;
    }
    if (changed) m_changedMetadata.push_back(it->first);
}

void ScrapeIngester::commitMetadata() {
    for (const std::string& family : m_changedMetadata) {
        SeriesStore::Metadata m = m_metadata.find(family)->second;
        m.help = unescaped(m.help);
        m_store.setMetadata(family, m);
    }
    m_changedMetadata.clear();
}

ScrapeIngester::Result ScrapeIngester::ingest(std::string_view body, ExpositionFormat format,
                                              std::int64_t scrapeTimeMs) {
    Result result;
    const std::uint64_t scrape = ++m_scrape;
    const std::size_t firstNewEntry = m_entries.size();
    m_pending.clear();
    m_nextOrder.clear();
    m_nextKeys.clear();
    m_nextKeyEnds.clear();
    m_predictedHits = 0;
    m_parser.reset(body, format);
    for (;;) {
        const auto kind = m_parser.next();
        if (kind == ExpositionParser::Entry::End) break;
        if (kind == ExpositionParser::Entry::Invalid) {
            result.error = m_parser.error();
            rollback(firstNewEntry);
            return result;
        }
        if (kind == ExpositionParser::Entry::Type || kind == ExpositionParser::Entry::Help ||
            kind == ExpositionParser::Entry::Unit)
            noteMetadata(kind);
        if (kind != ExpositionParser::Entry::Series) continue;
        const std::string_view key = m_parser.seriesText();
        std::uint32_t index = lookup(key, m_nextOrder.size());
        if (index == kNoEntry) {
            if (!addEntry(key, result)) {
                rollback(firstNewEntry);
                return result;
            }
            index = std::uint32_t(m_entries.size() - 1);
        }
        if (m_limits.samples && result.samples >= m_limits.samples) {
            failSampleLimit(result, firstNewEntry);
            return result;
        }
        Entry& entry = m_entries[index];
        m_nextOrder.push_back(index);
        m_nextKeys.append(key);
        m_nextKeyEnds.push_back(std::uint32_t(m_nextKeys.size()));
        ++result.samples;
        if (entry.seenInScrape == scrape) {
            ++result.duplicates; // the first sample of a series wins, as in Prometheus
            continue;
        }
        entry.seenInScrape = scrape;
        entry.explicitTimestamp = m_parser.hasTimestamp();
        if (entry.explicitTimestamp &&
            (m_parser.timestampMs() == INT64_MAX || m_parser.timestampMs() == INT64_MIN))
            continue; // a timestamp beyond what a millisecond clock holds: out of bounds, as Prometheus says
        m_pending.push_back(
            {index, m_parser.hasTimestamp() ? m_parser.timestampMs() : scrapeTimeMs, m_parser.value()});
    }
    commit(result, scrapeTimeMs);
    const std::size_t liveEntries = m_pending.size();
    m_order.swap(m_nextOrder);
    m_orderKeys.swap(m_nextKeys);
    m_orderKeyEnds.swap(m_nextKeyEnds);
    m_lastGoodScrape = scrape;
    compactIfSparse(liveEntries);
    commitMetadata();
    result.ok = true;
    return result;
}

void ScrapeIngester::commit(Result& result, std::int64_t scrapeTimeMs) {
    SeriesStore::Writer writer(m_store);
    for (const Pending& pending : m_pending) {
        Entry& entry = m_entries[pending.entry];
        auto outcome = entry.ref == kUnresolved ? SeriesStore::AppendResult::UnknownSeries
                                                : writer.append(entry.ref, pending.t, pending.v);
        if (outcome == SeriesStore::AppendResult::UnknownSeries) {
            // New, or removed by retention since it was cached: (re)create it from its labels.
            const auto fresh = m_newLabels.find(pending.entry);
            const Labels labels =
                fresh != m_newLabels.end() ? std::move(fresh->second) : labelsFromKey(entry.key);
            std::vector<LabelView> views;
            views.reserve(labels.size());
            for (const Label& label : labels)
                views.push_back({label.name, label.value});
            bool created = false;
            entry.ref = writer.getOrCreate(views, &created);
            result.newSeries += created;
            outcome = writer.append(entry.ref, pending.t, pending.v);
        }
        if (outcome == SeriesStore::AppendResult::OutOfOrder ||
            outcome == SeriesStore::AppendResult::Duplicate)
            ++result.outOfOrder;
    }
    if (!m_newLabels.empty()) m_newLabels.clear();
    // Series of the last good scrape that are missing now are stale from this scrape's time. When every
    // series of the last scrape was found at its old position, none is missing.
    if (m_lastGoodScrape != 0 && m_predictedHits < m_order.size())
        writeStaleMarkers(writer, m_scrape, scrapeTimeMs, result);
}

void ScrapeIngester::writeStaleMarkers(SeriesStore::Writer& writer, std::uint64_t scrape, std::int64_t timeMs,
                                       Result& result) {
    for (const std::uint32_t index : m_order) {
        Entry& entry = m_entries[index];
        if (entry.seenInScrape == scrape || entry.seenInScrape != m_lastGoodScrape) continue;
        entry.seenInScrape = 0; // once, even if the series stood twice in the last scrape
        if (entry.explicitTimestamp || entry.ref == kUnresolved) continue;
        if (writer.append(entry.ref, timeMs, staleMarker()) == SeriesStore::AppendResult::Ok)
            ++result.staleMarkers;
    }
}

std::size_t ScrapeIngester::markAllStale(std::int64_t timeMs) {
    Result result;
    if (m_lastGoodScrape != 0) {
        SeriesStore::Writer writer(m_store);
        writeStaleMarkers(writer, ~std::uint64_t(0), timeMs, result);
    }
    m_lastGoodScrape = 0;
    m_order.clear();
    m_orderKeys.clear();
    m_orderKeyEnds.clear();
    return result.staleMarkers;
}

void ScrapeIngester::rollback(std::size_t firstNewEntry) {
    // A failed scrape stores nothing, metadata included: forget what it said, so the next good scrape
    // says it again.
    for (const std::string& family : m_changedMetadata)
        m_metadata.erase(family);
    m_changedMetadata.clear();
    while (m_entries.size() > firstNewEntry) {
        m_index.erase(std::string_view(m_entries.back().key));
        m_entries.pop_back();
    }
    m_pending.clear();
    m_newLabels.clear();
}

void ScrapeIngester::compactIfSparse(std::size_t liveEntries) {
    // Entries of vanished series are dropped once they are a quarter of the cache.
    if (m_entries.size() < 64 || liveEntries * 4 >= m_entries.size() * 3) return;
    std::deque<Entry> kept;
    std::vector<std::uint32_t> remap(m_entries.size(), kNoEntry);
    for (std::uint32_t i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].seenInScrape != m_lastGoodScrape) continue;
        remap[i] = std::uint32_t(kept.size());
        kept.push_back(std::move(m_entries[i]));
    }
    m_entries.swap(kept);
    m_index.clear();
    for (std::uint32_t i = 0; i < m_entries.size(); ++i)
        m_index.emplace(std::string_view(m_entries[i].key), i);
    // Every entry in the last scrape's order was seen in it, so all of them survive.
    for (std::uint32_t& index : m_order)
        index = remap[index];
}

} // namespace dw
