#include "scrape/scrape_ingester.h"

#include "model/label_text.h"
#include "model/sample_value.h"
#include "util/hash.h"

#include <algorithm>
#include <cstring>

namespace dw {

ScrapeIngester::ScrapeIngester(SeriesStore& store, Labels targetLabels, ParseOptions options)
    : m_store(store), m_targetLabels(std::move(targetLabels)), m_parser(options), m_keyParser(options) {
    sortLabels(m_targetLabels);
}

std::uint32_t ScrapeIngester::lookup(std::string_view key, std::size_t position) {
    if (position < m_order.size()) {
        // Keys sit in the arena in the order their series first appeared, so for a target that writes
        // its series in the same order every time this reads memory sequentially.
        const std::string_view predicted = m_entries[m_order[position]].key;
        if (predicted.size() == key.size() && std::memcmp(predicted.data(), key.data(), key.size()) == 0) {
            ++m_predictedHits;
            return m_order[position];
        }
    }
    const std::uint32_t found =
        m_index.find(hashBytes(key), [&](std::uint32_t index) { return m_entries[index].key == key; });
    return found == HashIndex::kNone ? kNoEntry : found;
}

bool ScrapeIngester::addEntry(std::string_view key, Result& result) {
    if (const std::string_view duplicate = m_parser.duplicateLabelName(); !duplicate.empty()) {
        result.error = {m_parser.line(), 1,
                        "label \"" + std::string(duplicate) + "\" appears twice in one series",
                        quoteExcerpt(key)};
        return false;
    }
    labelViews(m_parser);
    if (!withinLabelLimits(m_views, result)) return false;
    Entry& entry = m_entries.emplace_back();
    entry.key = m_keys.store(key);
    m_index.insert(hashBytes(key), std::uint32_t(m_entries.size() - 1));
    return true;
}

void ScrapeIngester::labelViews(const ExpositionParser& parser) {
    m_views.clear();
    m_labelText.reset();
    m_views.push_back({kMetricNameLabel, parser.name()});
    for (const auto& span : parser.labels()) {
        std::string_view name = span.name;
        for (const Label& target : m_targetLabels)
            if (target.name == name) name = m_labelText.store("exported_" + std::string(name));
        const std::string_view value =
            span.escaped ? m_labelText.store(unescaped(span.rawValue)) : span.rawValue;
        m_views.push_back({name, value});
    }
    for (const Label& target : m_targetLabels)
        m_views.push_back({target.name, target.value});
}

void ScrapeIngester::keyLabelViews(std::string_view key) {
    // The key was a valid series when it was cached; parsing it again costs less than keeping the labels
    // of every new series until the scrape is committed (a first scrape of 200,000 series would hold
    // tens of megabytes of them).
    m_keyLine.assign(key);
    m_keyLine += " 0\n";
    if (m_format == ExpositionFormat::OpenMetrics1) m_keyLine += "# EOF\n";
    m_keyParser.reset(m_keyLine, m_format);
    if (m_keyParser.next() == ExpositionParser::Entry::Series)
        labelViews(m_keyParser);
    else
        m_views.clear();
}

void ScrapeIngester::reserveForLines(std::string_view body) {
    // A first scrape: every series is new. Its lines bound the series, so the tables are sized once
    // instead of doubling (each doubling copies, and touching fresh memory is what a first scrape
    // mostly pays for). Vectors only reserve address space here; pages are touched as they fill.
    std::size_t lines = 0;
    for (const char* p = body.data();
         (p = static_cast<const char*>(std::memchr(p, '\n', std::size_t(body.data() + body.size() - p))));
         ++p)
        ++lines;
    m_entries.reserve(m_entries.size() + lines);
    m_pending.reserve(lines);
    m_nextOrder.reserve(lines);
    m_order.reserve(lines);
    m_index.reserve(m_entries.size() + lines);
}

void ScrapeIngester::failSampleLimit(Result& result, std::size_t firstNewEntry) {
    result.error = {m_parser.line(),
                    1,
                    "sample limit of " + std::to_string(m_limits.samples) +
                        " exceeded: the body has more samples",
                    {}};
    rollback(firstNewEntry);
}

bool ScrapeIngester::withinLabelLimits(std::span<const LabelView> labels, Result& result) const {
    auto fail = [&](std::string message) {
        Labels owned;
        for (const LabelView& label : labels)
            owned.push_back({std::string(label.name), std::string(label.value)});
        result.error = {m_parser.line(), 1, std::move(message), quoteExcerpt(formatLabels(owned))};
        return false;
    };
    if (m_limits.labels && labels.size() > m_limits.labels)
        return fail("label limit of " + std::to_string(m_limits.labels) + " exceeded: the series has " +
                    std::to_string(labels.size()) + " labels");
    for (const LabelView& label : labels) {
        if (m_limits.labelNameLength && label.name.size() > m_limits.labelNameLength)
            return fail("label name length limit of " + std::to_string(m_limits.labelNameLength) +
                        " exceeded by \"" + std::string(label.name) + "\"");
        if (m_limits.labelValueLength && label.value.size() > m_limits.labelValueLength)
            return fail("label value length limit of " + std::to_string(m_limits.labelValueLength) +
                        " exceeded by label \"" + std::string(label.name) + "\"");
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
    m_format = format;
    m_keysMark = m_keys.mark();
    m_pending.clear();
    m_nextOrder.clear();
    m_predictedHits = 0;
    if (m_order.empty()) reserveForLines(body);
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
    commit(result, scrapeTimeMs, m_entries.size() - firstNewEntry);
    const std::size_t liveEntries = m_pending.size();
    m_order.swap(m_nextOrder);
    m_lastGoodScrape = scrape;
    compactIfSparse(liveEntries);
    commitMetadata();
    result.ok = true;
    return result;
}

void ScrapeIngester::commit(Result& result, std::int64_t scrapeTimeMs, std::size_t newEntries) {
    SeriesStore::Writer writer(m_store);
    if (newEntries > 64) writer.reserve(newEntries);
    for (const Pending& pending : m_pending) {
        Entry& entry = m_entries[pending.entry];
        auto outcome = entry.ref == kUnresolved ? SeriesStore::AppendResult::UnknownSeries
                                                : writer.append(entry.ref, pending.t, pending.v);
        if (outcome == SeriesStore::AppendResult::UnknownSeries) {
            // New, or removed by retention since it was cached: (re)create it from its labels.
            keyLabelViews(entry.key);
            bool created = false;
            entry.ref = writer.getOrCreate(m_views, &created);
            result.newSeries += created;
            outcome = writer.append(entry.ref, pending.t, pending.v);
        }
        if (outcome == SeriesStore::AppendResult::OutOfOrder ||
            outcome == SeriesStore::AppendResult::Duplicate)
            ++result.outOfOrder;
    }
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
    return result.staleMarkers;
}

void ScrapeIngester::rollback(std::size_t firstNewEntry) {
    // A failed scrape stores nothing, metadata included: forget what it said, so the next good scrape
    // says it again.
    for (const std::string& family : m_changedMetadata)
        m_metadata.erase(family);
    m_changedMetadata.clear();
    while (m_entries.size() > firstNewEntry) {
        m_index.erase(hashBytes(m_entries.back().key), std::uint32_t(m_entries.size() - 1));
        m_entries.pop_back();
    }
    m_keys.rewind(m_keysMark);
    m_pending.clear();
}

void ScrapeIngester::compactIfSparse(std::size_t liveEntries) {
    // Entries of vanished series are dropped once they are a quarter of the cache.
    if (m_entries.size() < 64 || liveEntries * 4 >= m_entries.size() * 3) return;
    std::vector<Entry> kept;
    TextArena keys;
    std::vector<std::uint32_t> remap(m_entries.size(), kNoEntry);
    for (std::uint32_t i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].seenInScrape != m_lastGoodScrape) continue;
        remap[i] = std::uint32_t(kept.size());
        kept.push_back(m_entries[i]);
        kept.back().key = keys.store(m_entries[i].key);
    }
    m_entries.swap(kept);
    m_keys = std::move(keys);
    m_index.clear();
    for (std::uint32_t i = 0; i < m_entries.size(); ++i)
        m_index.insert(hashBytes(m_entries[i].key), i);
    // Every entry in the last scrape's order was seen in it, so all of them survive.
    for (std::uint32_t& index : m_order)
        index = remap[index];
}

} // namespace dw
