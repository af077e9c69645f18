#include "store/scrape_ingester.h"

#include "model/sample_value.h"
#include "parser/label_text.h"
#include "util/hash.h"

#include <algorithm>
#include <cstring>

namespace dw {

std::size_t ScrapeIngester::KeyHash::operator()(std::string_view key) const { return hashBytes(key); }

ScrapeIngester::ScrapeIngester(SeriesStore& store, Labels targetLabels, ParseOptions options)
    : m_store(store), m_targetLabels(std::move(targetLabels)), m_parser(options) {
    sortLabels(m_targetLabels);
}

std::uint32_t ScrapeIngester::lookup(std::string_view key, std::size_t position) {
    if (position < m_order.size()) {
        const std::uint32_t predicted = m_order[position];
        const std::string& candidate = m_entries[predicted].key;
        if (candidate.size() == key.size() && std::memcmp(candidate.data(), key.data(), key.size()) == 0)
            return predicted;
    }
    const auto it = m_index.find(key);
    return it == m_index.end() ? kNoEntry : it->second;
}

bool ScrapeIngester::addEntry(std::string_view key, Result& result) {
    if (const std::string_view duplicate = m_parser.duplicateLabelName(); !duplicate.empty()) {
        result.error = {m_parser.line(), 1, "label \"" + std::string(duplicate) + "\" appears twice in one series",
                        quoteExcerpt(key)};
        return false;
    }
    Entry& entry = m_entries.emplace_back();
    entry.key = std::string(key);
    Labels& labels = entry.labels;
    labels.reserve(m_parser.labels().size() + m_targetLabels.size() + 1);
    labels.push_back({std::string(kMetricNameLabel), std::string(m_parser.name())});
    for (const auto& span : m_parser.labels()) {
        std::string name(span.name);
        for (const Label& target : m_targetLabels)
            if (target.name == name) name = "exported_" + name;
        labels.push_back({std::move(name), span.escaped ? unescaped(span.rawValue) : std::string(span.rawValue)});
    }
    labels.insert(labels.end(), m_targetLabels.begin(), m_targetLabels.end());
    m_index.emplace(std::string_view(entry.key), std::uint32_t(m_entries.size() - 1));
    return true;
}

ScrapeIngester::Result ScrapeIngester::ingest(std::string_view body, ExpositionFormat format,
                                              std::int64_t scrapeTimeMs) {
    Result result;
    const std::uint64_t scrape = ++m_scrape;
    const std::size_t firstNewEntry = m_entries.size();
    m_pending.clear();
    m_nextOrder.clear();
    m_parser.reset(body, format);
    for (;;) {
        const auto kind = m_parser.next();
        if (kind == ExpositionParser::Entry::End) break;
        if (kind == ExpositionParser::Entry::Invalid) {
            result.error = m_parser.error();
            rollback(firstNewEntry);
            return result;
        }
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
        Entry& entry = m_entries[index];
        m_nextOrder.push_back(index);
        ++result.samples;
        if (entry.seenInScrape == scrape) {
            ++result.duplicates; // the first sample of a series wins, as in Prometheus
            continue;
        }
        entry.seenInScrape = scrape;
        entry.explicitTimestamp = m_parser.hasTimestamp();
        m_pending.push_back({index, m_parser.hasTimestamp() ? m_parser.timestampMs() : scrapeTimeMs, m_parser.value()});
    }
    commit(result, scrapeTimeMs);
    m_order.swap(m_nextOrder);
    m_lastGoodScrape = scrape;
    compactIfSparse();
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
            std::vector<LabelView> views;
            views.reserve(entry.labels.size());
            for (const Label& label : entry.labels) views.push_back({label.name, label.value});
            if (entry.ref == kUnresolved) ++result.newSeries;
            entry.ref = writer.getOrCreate(views);
            outcome = writer.append(entry.ref, pending.t, pending.v);
        }
        if (outcome == SeriesStore::AppendResult::OutOfOrder || outcome == SeriesStore::AppendResult::Duplicate)
            ++result.outOfOrder;
    }
    // Series of the last good scrape that are missing now are stale from this scrape's time.
    for (Entry& entry : m_entries) {
        if (entry.seenInScrape != m_lastGoodScrape || m_lastGoodScrape == 0 || entry.explicitTimestamp) continue;
        if (entry.ref != kUnresolved && writer.append(entry.ref, scrapeTimeMs, staleMarker()) ==
                                            SeriesStore::AppendResult::Ok)
            ++result.staleMarkers;
    }
}

std::size_t ScrapeIngester::markAllStale(std::int64_t timeMs) {
    std::size_t written = 0;
    SeriesStore::Writer writer(m_store);
    for (Entry& entry : m_entries) {
        if (entry.seenInScrape != m_lastGoodScrape || m_lastGoodScrape == 0 || entry.explicitTimestamp) continue;
        if (entry.ref != kUnresolved && writer.append(entry.ref, timeMs, staleMarker()) == SeriesStore::AppendResult::Ok)
            ++written;
        entry.seenInScrape = 0; // marked once; the next good scrape starts afresh
    }
    m_lastGoodScrape = 0;
    m_order.clear();
    return written;
}

void ScrapeIngester::rollback(std::size_t firstNewEntry) {
    while (m_entries.size() > firstNewEntry) {
        m_index.erase(std::string_view(m_entries.back().key));
        m_entries.pop_back();
    }
    m_pending.clear();
}

void ScrapeIngester::compactIfSparse() {
    // Entries of vanished series are dropped once they are a quarter of the cache.
    std::size_t current = 0;
    for (const Entry& entry : m_entries) current += entry.seenInScrape == m_lastGoodScrape;
    if (m_entries.size() < 64 || current * 4 >= m_entries.size() * 3) return;
    std::deque<Entry> kept;
    std::vector<std::uint32_t> remap(m_entries.size(), kNoEntry);
    for (std::uint32_t i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].seenInScrape != m_lastGoodScrape) continue;
        remap[i] = std::uint32_t(kept.size());
        kept.push_back(std::move(m_entries[i]));
    }
    m_entries.swap(kept);
    m_index.clear();
    for (std::uint32_t i = 0; i < m_entries.size(); ++i) m_index.emplace(std::string_view(m_entries[i].key), i);
    for (std::uint32_t& index : m_order) index = remap[index];
    std::erase(m_order, kNoEntry);
}

} // namespace dw
