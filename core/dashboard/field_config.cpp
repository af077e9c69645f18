#include "dashboard/field_config.h"

#include "dashboard/grafana_units.h"

#include <QRegularExpression>
#include <cmath>
#include <limits>

namespace dw::dashboard {

namespace {

std::string str(const QJsonValue& v) {
    return v.toString().toStdString();
}

// Grafana's palette: super-light, light, base, semi-dark, dark of each hue.
struct Hue {
    const char* name;
    const char* shades[5];
};
constexpr Hue kHues[] = {
    {"green", {"#C8F2C2", "#96D98D", "#73BF69", "#56A64B", "#37872D"}},
    {"yellow", {"#FFEEA6", "#FFE066", "#FADE2A", "#F2CC0C", "#E0B400"}},
    {"red", {"#FFA6B0", "#FF7383", "#F2495C", "#E02F44", "#C4162A"}},
    {"blue", {"#C0D8FF", "#8AB8FF", "#5794F2", "#3274D9", "#1F60C4"}},
    {"orange", {"#FFCB7D", "#FFB357", "#FF9830", "#FF780A", "#FA6400"}},
    {"purple", {"#DEB6F2", "#CA95E5", "#B877D9", "#A352CC", "#8F3BB8"}},
};

std::optional<double> number(const QJsonValue& v) {
    if (v.isDouble()) return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        if (ok) return d;
    }
    return std::nullopt;
}

bool matchesSpecial(const std::string& match, double value) {
    if (match == "nan" || match == "null+nan") return std::isnan(value);
    return false; // null, true, false, empty: values a numeric sample cannot be
}

} // namespace

std::string grafanaColor(const std::string& name) {
    if (name.empty()) return {};
    if (name == "transparent") return "#00000000";
    if (name.front() == '#') {
        if (name.size() == 4) return std::string{'#', name[1], name[1], name[2], name[2], name[3], name[3]};
        if (name.size() == 9) return "#" + name.substr(7, 2) + name.substr(1, 6); // #rrggbbaa → #aarrggbb
        return name;
    }
    static const QRegularExpression rgba(
        "^rgba?\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*(?:,\\s*([0-9.]+)\\s*)?\\)$");
    if (const auto m = rgba.match(QString::fromStdString(name)); m.hasMatch()) {
        const double alpha = m.captured(4).isEmpty() ? 1.0 : m.captured(4).toDouble();
        return QStringLiteral("#%1%2%3%4")
            .arg(int(std::lround(std::clamp(alpha, 0.0, 1.0) * 255)), 2, 16, QChar('0'))
            .arg(m.captured(1).toInt(), 2, 16, QChar('0'))
            .arg(m.captured(2).toInt(), 2, 16, QChar('0'))
            .arg(m.captured(3).toInt(), 2, 16, QChar('0'))
            .toStdString();
    }
    static const char* const kPrefixes[] = {"super-light-", "light-", "", "semi-dark-", "dark-"};
    for (const Hue& hue : kHues)
        for (int shade = 0; shade < 5; ++shade)
            if (name == std::string(kPrefixes[shade]) + hue.name) return hue.shades[shade];
    return {};
}

FieldConfig FieldConfig::fromPanel(const QJsonObject& panel) {
    FieldConfig config;
    const QJsonObject fieldConfig = panel.value("fieldConfig").toObject();
    config.apply(fieldConfig.value("defaults").toObject());
    for (const QJsonValue value : fieldConfig.value("overrides").toArray()) {
        const QJsonObject o = value.toObject();
        const QJsonObject matcher = o.value("matcher").toObject();
        config.m_overrides.push_back(
            {str(matcher.value("id")), str(matcher.value("options")), o.value("properties").toArray()});
    }
    // Legacy graph and singlestat panels keep some of this outside fieldConfig.
    if (config.m_unit.empty()) {
        const QJsonArray yaxes = panel.value("yaxes").toArray();
        if (!yaxes.isEmpty()) config.m_unit = str(yaxes.first().toObject().value("format"));
        if (config.m_unit.empty()) config.m_unit = str(panel.value("format"));
    }
    return config;
}

void FieldConfig::apply(const QJsonObject& d) {
    if (d.contains("unit")) m_unit = str(d.value("unit"));
    if (auto v = number(d.value("decimals"))) m_decimals = int(*v);
    if (auto v = number(d.value("min"))) m_min = *v;
    if (auto v = number(d.value("max"))) m_max = *v;
    if (d.contains("displayName")) m_displayName = str(d.value("displayName"));
    const QJsonObject color = d.value("color").toObject();
    if (color.contains("mode")) m_colorMode = str(color.value("mode"));
    if (color.contains("fixedColor")) m_fixedColor = grafanaColor(str(color.value("fixedColor")));
    if (d.contains("thresholds")) {
        const QJsonObject t = d.value("thresholds").toObject();
        m_percentage = t.value("mode").toString() == "percentage";
        m_thresholds.clear();
        for (const QJsonValue step : t.value("steps").toArray()) {
            const QJsonObject s = step.toObject();
            m_thresholds.push_back(
                {number(s.value("value")).value_or(-std::numeric_limits<double>::infinity()),
                 grafanaColor(str(s.value("color")))});
        }
    }
    if (d.contains("mappings")) {
        m_mappings.clear();
        for (const QJsonValue value : d.value("mappings").toArray()) {
            const QJsonObject m = value.toObject();
            const QString type = m.value("type").toString();
            const QJsonObject options = m.value("options").toObject();
            auto result = [](const QJsonObject& r) {
                return std::pair{str(r.value("text")), grafanaColor(str(r.value("color")))};
            };
            if (type == "value") {
                for (auto it = options.begin(); it != options.end(); ++it) {
                    Mapping mapping;
                    mapping.value = it.key().toStdString();
                    std::tie(mapping.text, mapping.color) = result(it.value().toObject());
                    m_mappings.push_back(mapping);
                }
            } else if (type == "range" || type == "regex" || type == "special") {
                Mapping mapping;
                mapping.kind = type == "range"   ? Mapping::Kind::Range
                               : type == "regex" ? Mapping::Kind::Regex
                                                 : Mapping::Kind::Special;
                mapping.from =
                    number(options.value("from")).value_or(-std::numeric_limits<double>::infinity());
                mapping.to = number(options.value("to")).value_or(std::numeric_limits<double>::infinity());
                mapping.value = str(options.value("pattern"));
                mapping.match = str(options.value("match"));
                std::tie(mapping.text, mapping.color) = result(options.value("result").toObject());
                m_mappings.push_back(mapping);
            }
        }
    }
    if (d.value("custom").toObject().value("hideFrom").toObject().value("viz").toBool()) m_hidden = true;
}

void FieldConfig::applyProperty(const QString& id, const QJsonValue& value) {
    if (id == "color") {
        apply(QJsonObject{{"color", value}});
    } else if (id == "displayName") {
        m_displayName = str(value);
    } else if (id == "unit") {
        m_unit = str(value);
    } else if (id == "decimals" || id == "min" || id == "max" || id == "thresholds" || id == "mappings") {
        apply(QJsonObject{{id, value}});
    } else if (id == "custom.hideFrom") {
        m_hidden = value.toObject().value("viz").toBool();
    }
}

FieldConfig FieldConfig::forSeries(const std::string& name, const std::string& refId) const {
    FieldConfig out = *this;
    out.m_overrides.clear();
    for (const Override& o : m_overrides) {
        bool matches = false;
        if (o.matcher == "byName" || o.matcher == "byDisplayName")
            matches = o.options == name;
        else if (o.matcher == "byRegexp")
            matches =
                QRegularExpression(QRegularExpression::anchoredPattern(QString::fromStdString(o.options)))
                    .match(QString::fromStdString(name))
                    .hasMatch();
        else if (o.matcher == "byFrameRefID")
            matches = o.options == refId;
        if (!matches) continue;
        for (const QJsonValue p : o.properties)
            out.applyProperty(p.toObject().value("id").toString(), p.toObject().value("value"));
    }
    return out;
}

std::string FieldConfig::thresholdColor(double value) const {
    if (m_thresholds.empty()) return {};
    double v = value;
    if (m_percentage && m_min && m_max && *m_max > *m_min) v = (value - *m_min) / (*m_max - *m_min) * 100;
    std::string color = m_thresholds.front().color;
    for (const Threshold& t : m_thresholds)
        if (v >= t.value) color = t.color;
    return color;
}

FieldConfig::Display FieldConfig::display(double value) const {
    Display out;
    for (const Mapping& m : m_mappings) {
        bool hit = false;
        switch (m.kind) {
        case Mapping::Kind::Value:
            hit =
                !std::isnan(value) && QString::fromStdString(m.value).toDouble() == value && !m.value.empty();
            break;
        case Mapping::Kind::Range:
            hit = value >= m.from && value <= m.to;
            break;
        case Mapping::Kind::Regex:
            hit = QRegularExpression(QString::fromStdString(m.value))
                      .match(QString::fromStdString(formatGrafanaValue(value, "", std::nullopt)))
                      .hasMatch();
            break;
        case Mapping::Kind::Special:
            hit = matchesSpecial(m.match, value);
            break;
        }
        if (!hit) continue;
        out.text = m.text.empty() ? formatGrafanaValue(value, m_unit, m_decimals) : m.text;
        out.color = !m.color.empty()              ? m.color
                    : m_colorMode == "thresholds" ? thresholdColor(value)
                                                  : std::string();
        return out;
    }
    out.text = formatGrafanaValue(value, m_unit, m_decimals);
    if (m_colorMode == "fixed" || m_colorMode == "shades")
        out.color = m_fixedColor;
    else if (m_colorMode == "thresholds")
        out.color = thresholdColor(value);
    return out;
}

} // namespace dw::dashboard
