#pragma once

#include "theme.h"

#include <QColor>
#include <QWidget>
#include <vector>

namespace dw {

// Grafana's single-value panels drawn with QPainter: stat (value, colour on the text or the background,
// an optional sparkline), gauge (an arc from min to max with the threshold colours) and bar gauge
// (horizontal bars). One cell per series, laid out as Grafana does (side by side, wrapping).
// Thread-safety: a widget; use on the UI thread.
class GrafanaValueView : public QWidget {
    Q_OBJECT

public:
    enum class Mode { Stat, Gauge, BarGauge };
    struct Item {
        QString name;
        QString text; // the value formatted or mapped
        QColor color; // invalid: the theme's text colour
        double value = 0;
        double min = 0, max = 100;      // gauge and bar range
        std::vector<QPointF> sparkline; // (time, value); empty: none
    };

    GrafanaValueView(Mode mode, const Theme& theme, QWidget* parent = nullptr);
    // background: colour fills the cell (stat's colorMode "background"), else it colours the text.
    void setItems(std::vector<Item> items, bool background);
    const std::vector<Item>& items() const { return m_items; }
    QSize sizeHint() const override { return {240, 120}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintStat(QPainter& p, const QRectF& cell, const Item& item) const;
    void paintGauge(QPainter& p, const QRectF& cell, const Item& item) const;
    void paintBar(QPainter& p, const QRectF& cell, const Item& item) const;

    Mode m_mode;
    const Theme& m_theme;
    std::vector<Item> m_items;
    bool m_background = false;
};

} // namespace dw
