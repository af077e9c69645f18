#pragma once

#include "theme.h"

#include <QWidget>
#include <vector>

namespace dw {

// Grafana's heatmap of classic histogram buckets (format "heatmap"): one row per bucket, lowest at the
// bottom, labelled by its upper bound; each column a time step, its colour how many observations fell in
// the bucket (the difference between cumulative buckets, as Grafana derives them).
// Thread-safety: a widget; use on the UI thread.
class GrafanaHeatmapView : public QWidget {
    Q_OBJECT

public:
    struct Bucket {
        double upper = 0;           // le
        std::vector<double> counts; // per column, cumulative as the series gives them
    };

    explicit GrafanaHeatmapView(const Theme& theme, QWidget* parent = nullptr);
    // buckets sorted by upper bound; every bucket has the same number of columns.
    void setBuckets(std::vector<Bucket> buckets);
    // The count drawn in a cell (de-cumulated), for tests.
    double cell(std::size_t bucket, std::size_t column) const;
    QSize sizeHint() const override { return {480, 200}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    const Theme& m_theme;
    std::vector<Bucket> m_buckets;
    double m_max = 0;
};

} // namespace dw
