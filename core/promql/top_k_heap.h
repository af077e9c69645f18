#pragma once

#include <cstddef>
#include <vector>

namespace dw::promql {

// The k largest (topk) or smallest (bottomk) samples of a group, kept in a binary heap that follows Go's
// container/heap step for step, so ties and NaN resolve to the same series as in Prometheus.
// Thread-safety: none.
class TopKHeap {
public:
    struct Item {
        std::size_t series;
        double value;
    };

    explicit TopKHeap(bool top) : m_top(top) {}
    void clear() { m_items.clear(); }
    void offer(std::size_t series, double value, std::size_t k);
    // Best first, as Prometheus returns an instant query's topk.
    void sortForOutput();
    const std::vector<Item>& items() const { return m_items; }

private:
    bool less(std::size_t i, std::size_t j) const;
    void up(std::size_t j);
    bool down(std::size_t i0);

    bool m_top;
    std::vector<Item> m_items;
};

} // namespace dw::promql
