#include "cli/watch_printer.h"

#include "assessment/incident_text.h"
#include "cli/check_report.h"
#include "util/timestamp.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <unistd.h>

namespace dw::cli {

namespace {

// ANSI colours: green for good news, yellow for stale and pending, magenta for flapping, dim for stopped,
// red for what is down, unknown or firing.
const char* stateColour(HealthState state) {
    switch (state) {
    case HealthState::Healthy:
        return "32";
    case HealthState::Stale:
        return "33";
    case HealthState::Flapping:
        return "35";
    case HealthState::Stopped:
        return "2";
    case HealthState::Unknown:
        break;
    }
    return "31";
}

const char* incidentColour(const Incident& i) {
    switch (i.kind) {
    case Incident::Kind::EntityChanged:
        return stateColour(i.to);
    case Incident::Kind::TargetUp:
    case Incident::Kind::AlertResolved:
        return "32";
    case Incident::Kind::AlertPending:
        return "33";
    case Incident::Kind::TargetDown:
    case Incident::Kind::AlertFiring:
        break;
    }
    return "31";
}

const char* kindName(Incident::Kind kind) {
    switch (kind) {
    case Incident::Kind::EntityChanged:
        return "entity";
    case Incident::Kind::TargetDown:
        return "target_down";
    case Incident::Kind::TargetUp:
        return "target_up";
    case Incident::Kind::AlertPending:
        return "alert_pending";
    case Incident::Kind::AlertFiring:
        return "alert_firing";
    case Incident::Kind::AlertResolved:
        break;
    }
    return "alert_resolved";
}

QString clockTime(std::int64_t ms) {
    return QDateTime::fromMSecsSinceEpoch(ms).toString("HH:mm:ss");
}

QString jsonText(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) + "\n";
}

QString str(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace

bool WatchPrinter::colourWanted() {
    // Qt's reading of the environment is guarded against qputenv on other threads; getenv is not.
    return isatty(STDOUT_FILENO) && qEnvironmentVariableIsEmpty("NO_COLOR") &&
           qEnvironmentVariable("TERM") != QLatin1String("dumb");
}

QString WatchPrinter::coloured(const QString& text, const char* code) const {
    return m_colour ? QStringLiteral("\x1b[%1m%2\x1b[0m").arg(code, text) : text;
}

QString WatchPrinter::state(const std::vector<TargetStatus>& targets, const AssessmentResult& result) const {
    const CheckReport report = makeCheckReport(targets, result);
    if (m_format == Format::Text) return report.text;
    QString out;
    const std::string time = formatRfc3339(result.timeMs);
    const std::pair<const char*, const char*> lists[] = {
        {"targets", "target"}, {"entities", "entity"}, {"alerts", "alert"}};
    for (const auto& [list, type] : lists)
        for (const QJsonValue value : report.json.value(list).toArray()) {
            QJsonObject line = value.toObject();
            line.insert("event", "state");
            line.insert("type", type);
            line.insert("time", str(time));
            out += jsonText(line);
        }
    return out;
}

QString WatchPrinter::changes(const std::vector<Incident>& incidents) const {
    QString out;
    for (const Incident& i : incidents)
        out += m_format == Format::Text ? textLine(i) : jsonLine(i);
    return out;
}

QString WatchPrinter::textLine(const Incident& i) const {
    QString what;
    if (i.kind == Incident::Kind::EntityChanged) {
        const QString to = str(std::string(healthStateName(i.to)));
        what = str(i.entityId) + " " +
               (i.firstSeen
                    ? "new, " + coloured(to, incidentColour(i))
                    : str(std::string(healthStateName(i.from))) + " → " + coloured(to, incidentColour(i))) +
               ": " + str(describe(i.reason));
    } else {
        what = str(incidentSubject(i)) + " " + coloured(str(incidentWhat(i)), incidentColour(i));
    }
    return clockTime(i.timeMs) + " " + what + "\n";
}

QString WatchPrinter::jsonLine(const Incident& i) const {
    QJsonObject o{{"event", "change"},
                  {"kind", kindName(i.kind)},
                  {"time", str(formatRfc3339(i.timeMs))},
                  {"subject", str(incidentSubject(i))},
                  {"what", str(incidentWhat(i))}};
    if (i.kind == Incident::Kind::EntityChanged) {
        o.insert("entity_kind", str(i.entityKind));
        o.insert("entity", str(i.entityId));
        o.insert("job", str(i.entity.job));
        o.insert("instance", str(i.entity.instance));
        o.insert("from", i.firstSeen ? QJsonValue() : QJsonValue(str(std::string(healthStateName(i.from)))));
        o.insert("to", str(std::string(healthStateName(i.to))));
        o.insert("reason", str(describe(i.reason)));
    } else if (i.kind == Incident::Kind::TargetDown || i.kind == Incident::Kind::TargetUp) {
        o.insert("job", str(i.job));
        o.insert("instance", str(i.instance));
        if (!i.error.empty()) o.insert("error", str(i.error));
    } else {
        QJsonObject labels;
        for (const Label& l : i.alertLabels)
            labels.insert(str(l.name), str(l.value));
        o.insert("alertname", str(i.alertName));
        o.insert("labels", labels);
    }
    return jsonText(o);
}

QString WatchPrinter::notice(std::int64_t timeMs, const std::string& text) const {
    if (m_format == Format::Json)
        return jsonText(
            QJsonObject{{"event", "notice"}, {"time", str(formatRfc3339(timeMs))}, {"what", str(text)}});
    return clockTime(timeMs) + " " + coloured(str(text), "2") + "\n";
}

} // namespace dw::cli
