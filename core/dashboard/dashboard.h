#pragma once

#include <QJsonObject>
#include <string>
#include <vector>

namespace dw::dashboard {

// A Grafana dashboard as DispatchWatch reads it from the JSON people export from Grafana or keep in their
// repositories: the layout, the panels with their queries, the template variables. Options that only the
// drawing of a panel needs (fieldConfig, options) stay as JSON on the panel for its renderer.
// Plain values; immutable once read, so they may be shared between threads.

// Where a panel sits on Grafana's grid: 24 columns, rows of 30 px.
struct GridPos {
    int x = 0, y = 0, w = 12, h = 8;
};

// A panel's or a query's datasource, in whichever style the file used: a name, {type, uid}, null,
// "${DS_PROMETHEUS}", "$datasource", "-- Mixed --". Every Prometheus one maps to the active source.
struct DatasourceRef {
    enum class Kind { Default, Prometheus, Mixed, Other };
    Kind kind = Kind::Default;
    std::string text; // as written, for messages ("loki", "${DS_LOKI}")
};

struct Target {
    std::string refId;
    std::string expr;
    std::string legendFormat;
    std::string format = "time_series"; // time_series, table, heatmap
    std::string interval;               // the query's minimum step, may hold a variable
    int intervalFactor = 1;
    bool instant = false;
    bool range = true;
    bool hide = false;
    DatasourceRef datasource;
    std::string path; // in the file: panels[3].targets[0]
};

struct Panel {
    int id = 0;
    std::string title;
    std::string type;
    std::string path; // in the file: panels[4] or panels[2].panels[0]
    GridPos grid;
    DatasourceRef datasource;
    std::vector<Target> targets;
    int row = -1; // index into Dashboard::rows, -1 above the first row
    std::string repeat;
    QJsonObject json;                  // the panel as written (fieldConfig, options, …) for its renderer
    std::vector<std::string> problems; // what could not be read or will not be drawn
};

// A `row` panel: a title bar that folds the panels below it, up to the next row.
struct Row {
    std::string title;
    std::string path;
    int y = 0;
    bool collapsed = false;
    std::vector<int> panels; // indexes into Dashboard::panels
};

struct VariableOption {
    std::string text;
    std::string value;
};

struct Variable {
    std::string name;
    std::string label;
    std::string type; // query, custom, constant, textbox, interval, datasource, adhoc, …
    std::string query;
    std::string regex;
    std::string allValue;
    std::string path;
    int hide = 0; // 0 shown, 1 without its label, 2 hidden
    int sort = 0; // Grafana's: 0 none, 1/2 alphabetical asc/desc, 3/4 numerical, 5/6 case-insensitive
    bool multi = false;
    bool includeAll = false;
    bool autoInterval = false; // interval variables: the "auto" option
    int autoCount = 30;
    std::string autoMin = "10s";
    std::vector<std::string> current;    // the values selected when the file was saved
    std::vector<VariableOption> options; // custom, interval and the options saved in the file
};

struct Dashboard {
    std::string title;
    std::string uid;
    int schemaVersion = 0;
    std::string timeFrom = "now-6h";
    std::string timeTo = "now";
    std::string refresh;
    std::vector<Panel> panels; // every panel except rows, in reading order, nested ones included
    std::vector<Row> rows;
    std::vector<Variable> variables;
    std::vector<std::string> problems; // of the dashboard as a whole
};

} // namespace dw::dashboard
