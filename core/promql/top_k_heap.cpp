#include "promql/top_k_heap.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace dw::promql {

bool TopKHeap::less(std::size_t i, std::size_t j) const {
    const double a = m_items[i].value, b = m_items[j].value;
    if (std::isnan(a)) return true;
    return m_top ? a < b : a > b;
}

void TopKHeap::up(std::size_t j) {
    while (j > 0) {
        const std::size_t parent = (j - 1) / 2;
        if (!less(j, parent)) break;
        std::swap(m_items[parent], m_items[j]);
        j = parent;
    }
}

bool TopKHeap::down(std::size_t i0) {
    const std::size_t n = m_items.size();
    std::size_t i = i0;
    for (;;) {
        const std::size_t left = 2 * i + 1;
        if (left >= n) break;
        std::size_t j = left;
        if (left + 1 < n && less(left + 1, left)) j = left + 1;
        if (!less(j, i)) break;
        std::swap(m_items[i], m_items[j]);
        i = j;
    }
    return i > i0;
}

void TopKHeap::offer(std::size_t series, double value, std::size_t k) {
    if (m_items.size() < k) {
        m_items.push_back({series, value});
        up(m_items.size() - 1);
        return;
    }
    const double root = m_items[0].value;
    const bool better = m_top ? root < value : root > value;
    if (better || (std::isnan(root) && !std::isnan(value))) {
        m_items[0] = {series, value};
        if (k > 1 && !down(0)) up(0);
    }
}

void TopKHeap::sortForOutput() {
    std::vector<std::size_t> index(m_items.size());
    for (std::size_t i = 0; i < index.size(); ++i)
        index[i] = i;
    // sort.Reverse of the heap's order: best first, NaN last.
    std::sort(index.begin(), index.end(), [this](std::size_t a, std::size_t b) {
        const double x = m_items[a].value, y = m_items[b].value;
        if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
        return m_top ? x > y : x < y;
    });
    std::vector<Item> sorted;
    sorted.reserve(index.size());
    for (const std::size_t i : index)
        sorted.push_back(m_items[i]);
    m_items = std::move(sorted);
}

} // namespace dw::promql
