#include "alertmanager/postable_alert.h"

#include "util/timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <algorithm>

namespace dw {

QByteArray postableAlertsJson(const std::vector<PostableAlert>& alerts) {
    QJsonArray array;
    for (const PostableAlert& a : alerts) {
        QJsonObject labels;
        for (const Label& l : a.labels)
            labels.insert(QString::fromStdString(l.name), QString::fromStdString(l.value));
        QJsonObject annotations;
        for (const auto& [name, value] : a.annotations)
            annotations.insert(QString::fromStdString(name), QString::fromStdString(value));
        QJsonObject alert{{"labels", labels}, {"annotations", annotations}};
        if (a.startsAtMs > 0) alert.insert("startsAt", QString::fromStdString(formatRfc3339(a.startsAtMs)));
        if (a.endsAtMs > 0) alert.insert("endsAt", QString::fromStdString(formatRfc3339(a.endsAtMs)));
        if (!a.generatorUrl.empty()) alert.insert("generatorURL", QString::fromStdString(a.generatorUrl));
        array.append(alert);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

std::string generatorUrl(const std::string& base, const std::string& expr) {
    std::string root = base;
    while (!root.empty() && root.back() == '/')
        root.pop_back();
    if (expr.empty()) return root + "/";
    return root + "/graph?g0.expr=" + QUrl::toPercentEncoding(QString::fromStdString(expr)).toStdString() +
           "&g0.tab=1";
}

Labels withExternalLabels(const Labels& labels, const Labels& external) {
    Labels out = labels;
    for (const Label& l : external)
        if (std::none_of(labels.begin(), labels.end(), [&](const Label& own) { return own.name == l.name; }))
            out.push_back(l);
    sortLabels(out);
    return out;
}

} // namespace dw
