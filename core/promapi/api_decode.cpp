#include "promapi/api_decode.h"

#include "model/number_parser.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cmath>

namespace dw::api {

std::optional<std::int64_t> timeMs(const QJsonValue& seconds) {
    if (!seconds.isDouble()) return std::nullopt;
    const double value = seconds.toDouble();
    if (!std::isfinite(value)) return std::nullopt;
    return std::llround(value * 1000.0);
}

std::optional<double> sampleValue(const QJsonValue& text) {
    if (!text.isString()) return std::nullopt;
    const std::string s = text.toString().toStdString();
    double out = 0;
    if (!parseSampleValue(s, false, out)) return std::nullopt;
    return out;
}

Labels labels(const QJsonValue& metric) {
    const QJsonObject object = metric.toObject();
    Labels out;
    out.reserve(std::size_t(object.size()));
    for (auto it = object.begin(); it != object.end(); ++it)
        out.push_back({it.key().toStdString(), it.value().toString().toStdString()});
    sortLabels(out);
    return out;
}

namespace {

bool readPoint(const QJsonValue& pair, std::vector<Sample>& out, std::string& error) {
    const QJsonArray point = pair.toArray();
    const auto t = timeMs(point.at(0));
    const auto v = sampleValue(point.at(1));
    if (point.size() != 2 || !t || !v) {
        error = "a sample is not [time, \"value\"]";
        return false;
    }
    out.push_back({*t, *v});
    return true;
}

} // namespace

bool forEachSeries(const QJsonValue& data, const SeriesVisitor& visit, std::string& error) {
    const QJsonObject object = data.toObject();
    const QString type = object.value("resultType").toString();
    if (type != "matrix" && type != "vector") {
        error = "expected a matrix or vector result, got \"" + type.toStdString() + "\"";
        return false;
    }
    Labels seriesLabels;
    std::vector<Sample> samples;
    for (const QJsonValue entry : object.value("result").toArray()) {
        const QJsonObject series = entry.toObject();
        seriesLabels = labels(series.value("metric"));
        samples.clear();
        if (type == "matrix") {
            const QJsonArray values = series.value("values").toArray();
            samples.reserve(std::size_t(values.size()));
            for (const QJsonValue pair : values)
                if (!readPoint(pair, samples, error)) return false;
        } else if (series.contains("value") && !readPoint(series.value("value"), samples, error)) {
            return false;
        }
        visit(seriesLabels, samples);
    }
    return true;
}

std::optional<promql::QueryResult> queryResult(const QJsonValue& data, std::string& error) {
    const QJsonObject object = data.toObject();
    const QString type = object.value("resultType").toString();
    promql::QueryResult result;
    if (type == "scalar" || type == "string") {
        const QJsonArray point = object.value("result").toArray();
        const auto t = timeMs(point.at(0));
        if (!t) {
            error = "a " + type.toStdString() + " result is not [time, \"value\"]";
            return std::nullopt;
        }
        result.type = type == "scalar" ? promql::ValueType::Scalar : promql::ValueType::String;
        promql::ResultSeries series;
        if (type == "scalar") {
            const auto v = sampleValue(point.at(1));
            if (!v) {
                error = "a scalar result has no value";
                return std::nullopt;
            }
            series.points.push_back({*t, *v});
        } else {
            result.text = point.at(1).toString().toStdString();
            series.points.push_back({*t, 0});
        }
        result.series.push_back(std::move(series));
        return result;
    }
    result.type = type == "matrix" ? promql::ValueType::Matrix : promql::ValueType::Vector;
    result.isRange = type == "matrix";
    if (!forEachSeries(
            data,
            [&](Labels& labels, std::vector<Sample>& samples) {
                result.series.push_back({std::move(labels), std::move(samples)});
            },
            error))
        return std::nullopt;
    return result;
}

} // namespace dw::api
