#pragma once

#include "dashboard/dashboard_source.h"
#include "store/series_store.h"

namespace dw::dashboard {

// A dashboard's answers from a SeriesStore through DispatchWatch's own PromQL engine: what scraped
// targets and replayed recordings give. Names and label values come from the series the store holds.
// Thread-safety: the store locks itself; use an instance from one thread.
class StoreSource final : public DashboardSource {
public:
    StoreSource(const SeriesStore& store, std::string description, std::int64_t nowMs,
                std::int64_t scrapeIntervalMs, promql::Generation generation);

    std::string describe() const override { return m_description; }
    std::int64_t nowMs() const override { return m_nowMs; }
    std::int64_t scrapeIntervalMs() const override { return m_scrapeIntervalMs; }
    promql::Generation generation() const override { return m_generation; }
    bool query(const std::string& expr, bool instant, std::int64_t startMs, std::int64_t endMs,
               std::int64_t stepMs, promql::QueryResult& result, std::string& error) override;
    bool metricNames(std::int64_t startMs, std::int64_t endMs, std::vector<std::string>& out,
                     std::string& error) override;
    bool labelNames(std::int64_t startMs, std::int64_t endMs, std::vector<std::string>& out,
                    std::string& error) override;
    bool labelValues(const std::string& label, const std::string& match, std::int64_t startMs,
                     std::int64_t endMs, std::vector<std::string>& out, std::string& error) override;

private:
    const SeriesStore& m_store;
    std::string m_description;
    std::int64_t m_nowMs;
    std::int64_t m_scrapeIntervalMs;
    promql::Generation m_generation;
};

} // namespace dw::dashboard
