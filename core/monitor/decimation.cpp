#include "monitor/decimation.h"

#include <algorithm>

namespace dw {

std::vector<std::vector<QPointF>> decimateMinMax(std::span<const promql::Point> points, std::int64_t fromMs,
                                                 std::int64_t toMs, int columns, std::int64_t maxGapMs) {
    std::vector<std::vector<QPointF>> segments;
    if (points.empty() || columns <= 0 || toMs <= fromMs) return segments;
    const double perColumn = double(toMs - fromMs) / columns;
    auto columnOf = [&](std::int64_t t) {
        return std::min<std::int64_t>(columns - 1, std::int64_t(double(t - fromMs) / perColumn));
    };
    std::vector<QPointF>* segment = nullptr;
    std::int64_t column = 0, previousT = 0;
    const promql::Point* lo = nullptr;
    const promql::Point* hi = nullptr;
    auto flush = [&] {
        if (!lo) return;
        const promql::Point* first = lo->t <= hi->t ? lo : hi;
        const promql::Point* second = first == lo ? hi : lo;
        segment->emplace_back(double(first->t), first->v);
        if (second != first) segment->emplace_back(double(second->t), second->v);
        lo = hi = nullptr;
    };
    for (const promql::Point& p : points) {
        if (p.t < fromMs || p.t > toMs) continue;
        if (!segment || p.t - previousT > maxGapMs) {
            flush();
            segments.emplace_back();
            segment = &segments.back();
            column = columnOf(p.t);
        }
        previousT = p.t;
        if (const std::int64_t c = columnOf(p.t); c != column) {
            flush();
            column = c;
        }
        if (!lo || p.v < lo->v) lo = &p;
        if (!hi || p.v > hi->v) hi = &p;
    }
    flush();
    return segments;
}

} // namespace dw
