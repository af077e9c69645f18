#include "exposition_samples.h"

#include "model/label_text.h"
#include "parser/exposition_parser.h"

#include <QStringList>
#include <algorithm>

ExpositionSamples::ExpositionSamples(std::string_view body) {
    dw::ExpositionParser parser;
    parser.reset(body, dw::ExpositionFormat::Text004);
    for (;;) {
        const auto entry = parser.next();
        if (entry == dw::ExpositionParser::Entry::End) break;
        if (entry == dw::ExpositionParser::Entry::Invalid) {
            m_values.clear();
            return;
        }
        if (entry != dw::ExpositionParser::Entry::Series) continue;
        QStringList labels;
        for (const auto& label : parser.labels())
            labels << QString::fromStdString(std::string(label.name)) + "=\"" +
                          QString::fromStdString(dw::unescaped(label.rawValue)) + "\"";
        labels.sort();
        m_values.insert(QString::fromStdString(std::string(parser.name())) + "{" + labels.join(",") + "}",
                        parser.value());
    }
    m_ok = true;
}

std::optional<double> ExpositionSamples::value(const QString& key) const {
    const auto it = m_values.constFind(key);
    if (it == m_values.constEnd()) return std::nullopt;
    return *it;
}

QMap<QString, double> ExpositionSamples::matching(const QString& metric, const QStringList& fragments) const {
    QMap<QString, double> out;
    for (auto it = m_values.constBegin(); it != m_values.constEnd(); ++it) {
        if (!it.key().startsWith(metric + "{")) continue;
        if (std::all_of(fragments.begin(), fragments.end(),
                        [&](const QString& f) { return it.key().contains(f); }))
            out.insert(it.key(), it.value());
    }
    return out;
}

double ExpositionSamples::sum(const QString& metric, const QStringList& fragments) const {
    double total = 0;
    for (const double v : matching(metric, fragments))
        total += v;
    return total;
}
