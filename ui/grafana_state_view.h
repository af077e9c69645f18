#pragma once

#include "theme.h"

#include <QColor>
#include <QWidget>
#include <vector>

namespace dw {

// Grafana's state timeline and status history: one band per series across the time range, each stretch
// coloured (and labelled, where it is wide enough) by the value mapping or threshold its value falls in.
// status-history draws one cell per point instead of stretches.
// Thread-safety: a widget; use on the UI thread.
class GrafanaStateView : public QWidget {
    Q_OBJECT

public:
    struct Stretch {
        std::int64_t fromMs = 0, toMs = 0;
        QString text;
        QColor color;
    };
    struct Band {
        QString name;
        std::vector<Stretch> stretches;
    };

    GrafanaStateView(bool cells, const Theme& theme, QWidget* parent = nullptr);
    void setBands(std::vector<Band> bands, std::int64_t fromMs, std::int64_t toMs);
    const std::vector<Band>& bands() const { return m_bands; }
    QSize sizeHint() const override { return {480, 160}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    bool m_cells;
    const Theme& m_theme;
    std::vector<Band> m_bands;
    std::int64_t m_fromMs = 0, m_toMs = 1;
};

} // namespace dw
