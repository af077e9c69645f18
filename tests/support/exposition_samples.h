#pragma once

#include <QMap>
#include <QString>
#include <optional>
#include <string_view>

// The samples of an exposition body, keyed "name{a="1",b="2"}" with labels sorted, for assertions such as
// samples.value("up{job=\"x\"}"). Parsed with DispatchWatch's own parser; a body that does not parse is
// empty.
class ExpositionSamples {
public:
    explicit ExpositionSamples(std::string_view body);

    bool ok() const { return m_ok; }
    int size() const { return int(m_values.size()); }
    std::optional<double> value(const QString& key) const;
    // Samples whose key starts with the metric name and contains every given "label=\"value\"" fragment.
    QMap<QString, double> matching(const QString& metric, const QStringList& fragments = {}) const;
    // The sum over matching samples.
    double sum(const QString& metric, const QStringList& fragments = {}) const;

private:
    QMap<QString, double> m_values;
    bool m_ok = false;
};
