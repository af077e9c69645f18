#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <optional>
#include <string>
#include <vector>

namespace dw::dashboard {

// A panel's fieldConfig as Grafana defines it: unit, decimals, min and max, thresholds, value mappings,
// the colour mode, and overrides that change these for some series (by name, regex or query). Colours
// come out as "#rrggbb" or "#aarrggbb" strings (Grafana's named palette resolved), for the UI to paint.
// Thread-safety: a value; its methods are const.
class FieldConfig {
public:
    struct Threshold {
        double value = 0; // -infinity for Grafana's base step (value null)
        std::string color;
    };
    struct Mapping {
        enum class Kind { Value, Range, Regex, Special };
        Kind kind = Kind::Value;
        std::string value;       // Value: the text of the value; Regex: the pattern
        double from = 0, to = 0; // Range (either end may be infinite)
        std::string match;       // Special: null, nan, null+nan, true, false, empty
        std::string text, color; // what it shows, either may be empty
    };
    struct Display {
        std::string text;  // the value formatted (unit, decimals) or mapped
        std::string color; // threshold, mapping, fixed or empty (the palette's)
    };

    static FieldConfig fromPanel(const QJsonObject& panel);

    // For one series (its display name and query): the defaults with the overrides that match it.
    FieldConfig forSeries(const std::string& name, const std::string& refId) const;

    Display display(double value) const;
    std::string thresholdColor(double value) const;
    const std::string& unit() const { return m_unit; }
    std::optional<int> decimals() const { return m_decimals; }
    std::optional<double> min() const { return m_min; }
    std::optional<double> max() const { return m_max; }
    const std::string& colorMode() const { return m_colorMode; }
    const std::string& fixedColor() const { return m_fixedColor; }
    const std::string& displayName() const { return m_displayName; }
    bool hidden() const { return m_hidden; }
    bool percentageThresholds() const { return m_percentage; }
    const std::vector<Threshold>& thresholds() const { return m_thresholds; }

private:
    void apply(const QJsonObject& defaults);
    void applyProperty(const QString& id, const QJsonValue& value);

    std::string m_unit, m_colorMode = "palette-classic", m_fixedColor, m_displayName;
    std::optional<int> m_decimals;
    std::optional<double> m_min, m_max;
    bool m_percentage = false, m_hidden = false;
    std::vector<Threshold> m_thresholds;
    std::vector<Mapping> m_mappings;
    struct Override {
        std::string matcher, options;
        QJsonArray properties;
    };
    std::vector<Override> m_overrides;
};

// Grafana's named colours ("green", "dark-red", "super-light-blue", "transparent"), "#rgb"/"#rrggbb" and
// "rgba(r, g, b, a)" as "#rrggbb" or "#aarrggbb"; empty when it is none of these.
std::string grafanaColor(const std::string& name);

} // namespace dw::dashboard
