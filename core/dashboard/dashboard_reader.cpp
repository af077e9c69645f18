#include "dashboard/dashboard_reader.h"

#include "dashboard/datasource_ref.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <algorithm>

namespace dw::dashboard {

namespace {

std::string text(const QJsonValue& value) {
    if (value.isString()) return value.toString().toStdString();
    if (value.isDouble()) return QString::number(value.toDouble(), 'g', 17).toStdString();
    if (value.isBool()) return value.toBool() ? "true" : "false";
    return {};
}

// A variable's `current.value`, which Grafana writes as a string, or a list for multi-value variables.
std::vector<std::string> currentValues(const QJsonValue& value) {
    std::vector<std::string> out;
    if (value.isArray())
        for (const QJsonValue item : value.toArray())
            out.push_back(text(item));
    else if (!value.isUndefined() && !value.isNull())
        out.push_back(text(value));
    return out;
}

Variable readVariable(const QJsonObject& object, const std::string& path) {
    Variable variable;
    variable.path = path;
    variable.name = text(object.value("name"));
    variable.label = text(object.value("label"));
    variable.type = text(object.value("type"));
    // Newer Grafana writes a query variable's query as {"query": "label_values(job)", "refId": …}.
    const QJsonValue query = object.value("query");
    variable.query = query.isObject() ? text(query.toObject().value("query")) : text(query);
    if (variable.query.empty() && variable.type == "query") variable.query = text(object.value("definition"));
    variable.regex = text(object.value("regex"));
    variable.allValue = text(object.value("allValue"));
    variable.sort = object.value("sort").toInt();
    variable.hide = object.value("hide").toInt();
    variable.multi = object.value("multi").toBool();
    variable.includeAll = object.value("includeAll").toBool();
    variable.autoInterval = object.value("auto").toBool();
    variable.autoCount = object.value("auto_count").toInt(30);
    if (object.contains("auto_min")) variable.autoMin = text(object.value("auto_min"));
    variable.current = currentValues(object.value("current").toObject().value("value"));
    for (const QJsonValue option : object.value("options").toArray()) {
        const QJsonObject o = option.toObject();
        variable.options.push_back({text(o.value("text")), text(o.value("value"))});
    }
    return variable;
}

Target readTarget(const QJsonObject& object, const std::string& path, const QJsonArray& inputs,
                  const std::vector<Variable>& variables) {
    Target target;
    target.path = path;
    target.refId = text(object.value("refId"));
    target.expr = text(object.value("expr"));
    target.legendFormat = text(object.value("legendFormat"));
    if (object.contains("format")) target.format = text(object.value("format"));
    target.interval = text(object.value("interval"));
    target.intervalFactor = std::max(1, object.value("intervalFactor").toInt(1));
    target.instant = object.value("instant").toBool();
    // Grafana runs a range query unless the target is instant only; both when it asks for both.
    target.range = object.contains("range") ? object.value("range").toBool() : !target.instant;
    target.hide = object.value("hide").toBool();
    target.datasource = classifyDatasource(object.value("datasource"), inputs, variables);
    return target;
}

class Reader {
public:
    Reader(const QJsonObject& root, Dashboard& out) : m_root(root), m_out(out) {
        m_inputs = root.value("__inputs").toArray();
    }

    void read() {
        m_out.title = text(m_root.value("title"));
        m_out.uid = text(m_root.value("uid"));
        m_out.schemaVersion = m_root.value("schemaVersion").toInt();
        const QJsonObject time = m_root.value("time").toObject();
        if (time.contains("from")) m_out.timeFrom = text(time.value("from"));
        if (time.contains("to")) m_out.timeTo = text(time.value("to"));
        m_out.refresh = text(m_root.value("refresh"));
        readVariables();
        if (m_root.contains("panels")) {
            if (!m_root.value("panels").isArray())
                m_out.problems.push_back("panels: expected a list of panels");
            else
                readPanels(m_root.value("panels").toArray(), "panels", false);
        }
        if (m_root.contains("rows")) readLegacyRows();
        if (!m_root.contains("panels") && !m_root.contains("rows"))
            m_out.problems.push_back("the file has no \"panels\": is it a Grafana dashboard?");
    }

private:
    void readVariables() {
        const QJsonValue list = m_root.value("templating").toObject().value("list");
        if (!list.isUndefined() && !list.isArray()) {
            m_out.problems.push_back("templating.list: expected a list of variables");
            return;
        }
        const QJsonArray variables = list.toArray();
        for (qsizetype i = 0; i < variables.size(); ++i) {
            const std::string path = "templating.list[" + std::to_string(i) + "]";
            if (!variables[i].isObject()) {
                m_out.problems.push_back(path + ": expected a variable object");
                continue;
            }
            Variable variable = readVariable(variables[i].toObject(), path);
            if (variable.name.empty()) {
                m_out.problems.push_back(path + ": a variable without a name");
                continue;
            }
            m_out.variables.push_back(std::move(variable));
        }
    }

    void readPanels(const QJsonArray& panels, const std::string& base, bool nested) {
        for (qsizetype i = 0; i < panels.size(); ++i) {
            const std::string path = base + "[" + std::to_string(i) + "]";
            if (!panels[i].isObject()) {
                m_out.problems.push_back(path + ": expected a panel object");
                continue;
            }
            const QJsonObject object = panels[i].toObject();
            if (object.value("type").toString() == "row" && !nested) {
                readRow(object, path);
                continue;
            }
            readPanel(object, path, gridOf(object));
        }
    }

    GridPos gridOf(const QJsonObject& object) {
        GridPos grid;
        const QJsonObject pos = object.value("gridPos").toObject();
        grid.x = std::clamp(pos.value("x").toInt(0), 0, 23);
        grid.y = std::max(0, pos.value("y").toInt(0));
        grid.w = std::clamp(pos.value("w").toInt(12), 1, 24 - grid.x);
        grid.h = std::max(1, pos.value("h").toInt(8));
        return grid;
    }

    void readRow(const QJsonObject& object, const std::string& path) {
        Row row;
        row.title = text(object.value("title"));
        row.path = path;
        row.y = gridOf(object).y;
        row.collapsed = object.value("collapsed").toBool();
        m_out.rows.push_back(row);
        // A collapsed row keeps its panels inside it; an open row's follow it in the top-level list.
        readPanels(object.value("panels").toArray(), path + ".panels", true);
    }

    void readPanel(const QJsonObject& object, const std::string& path, GridPos grid) {
        Panel panel;
        panel.id = object.value("id").toInt();
        panel.title = text(object.value("title"));
        panel.type = text(object.value("type"));
        panel.path = path;
        panel.grid = grid;
        panel.json = object;
        panel.repeat = text(object.value("repeat"));
        panel.datasource = classifyDatasource(object.value("datasource"), m_inputs, m_out.variables);
        if (panel.type.empty()) panel.problems.push_back("the panel has no type");
        if (object.contains("libraryPanel") && object.value("targets").toArray().isEmpty())
            panel.problems.push_back("library panel \"" +
                                     text(object.value("libraryPanel").toObject().value("uid")) +
                                     "\" is kept in Grafana, not in this file");
        const QJsonValue targets = object.value("targets");
        if (!targets.isUndefined() && !targets.isArray())
            panel.problems.push_back("targets: expected a list");
        const QJsonArray list = targets.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const Target target = readTarget(list[i].toObject(), path + ".targets[" + std::to_string(i) + "]",
                                             m_inputs, m_out.variables);
            panel.targets.push_back(target);
            // A query without its own datasource uses the panel's.
            if (target.datasource.kind == DatasourceRef::Kind::Default)
                panel.targets.back().datasource = panel.datasource;
        }
        if (!m_out.rows.empty()) {
            panel.row = int(m_out.rows.size()) - 1;
            m_out.rows.back().panels.push_back(int(m_out.panels.size()));
        }
        m_out.panels.push_back(std::move(panel));
    }

    // Before schema 16 a dashboard was rows of panels sized by `span` (of 12) and the row's height.
    void readLegacyRows() {
        const QJsonArray rows = m_root.value("rows").toArray();
        int y = 0;
        for (qsizetype r = 0; r < rows.size(); ++r) {
            const QJsonObject row = rows[r].toObject();
            const std::string path = "rows[" + std::to_string(r) + "]";
            const int height =
                std::max(1, QString::fromStdString(text(row.value("height"))).remove("px").toInt() / 30);
            if (row.value("showTitle").toBool() || rows.size() > 1) {
                Row out;
                out.title = text(row.value("title"));
                out.path = path;
                out.y = y++;
                out.collapsed = row.value("collapse").toBool();
                m_out.rows.push_back(out);
            }
            int x = 0;
            const QJsonArray panels = row.value("panels").toArray();
            for (qsizetype i = 0; i < panels.size(); ++i) {
                const QJsonObject panel = panels[i].toObject();
                GridPos grid;
                grid.w = std::clamp(int(panel.value("span").toDouble(12) * 2), 1, 24);
                if (x + grid.w > 24) {
                    x = 0;
                    y += height;
                }
                grid.x = x;
                grid.y = y;
                grid.h = height;
                x += grid.w;
                readPanel(panel, path + ".panels[" + std::to_string(i) + "]", grid);
            }
            y += height;
        }
    }

    const QJsonObject& m_root;
    Dashboard& m_out;
    QJsonArray m_inputs;
};

} // namespace

std::pair<int, int> lineAndColumn(const QByteArray& text, qsizetype offset) {
    int line = 1, column = 1;
    for (qsizetype i = 0; i < std::min(offset, text.size()); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((text[i] & 0xC0) != 0x80) { // count characters, not UTF-8 continuation bytes
            ++column;
        }
    }
    return {line, column};
}

std::optional<Dashboard> readDashboard(const QByteArray& json, std::string& error) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Qt reports the offset just past where it stopped; point at the character it stopped on.
        const auto [line, column] = lineAndColumn(json, std::max<qsizetype>(0, parseError.offset - 1));
        error = std::to_string(line) + ":" + std::to_string(column) +
                ": invalid JSON: " + parseError.errorString().toStdString();
        return std::nullopt;
    }
    if (!document.isObject()) {
        error = "1:1: a dashboard is a JSON object, this file holds " +
                std::string(document.isArray() ? "a list" : "a single value");
        return std::nullopt;
    }
    QJsonObject root = document.object();
    if (!root.contains("panels") && !root.contains("rows") && root.value("dashboard").isObject())
        root = root.value("dashboard").toObject(); // Grafana's HTTP API wraps it
    Dashboard dashboard;
    Reader(root, dashboard).read();
    return dashboard;
}

} // namespace dw::dashboard
