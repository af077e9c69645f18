#include "parser/sample_role.h"

namespace dw {

std::string_view sampleRoleSuffix(SampleRole role) {
    switch (role) {
    case SampleRole::Total:
        return "_total";
    case SampleRole::Created:
        return "_created";
    case SampleRole::Bucket:
        return "_bucket";
    case SampleRole::Count:
        return "_count";
    case SampleRole::Sum:
        return "_sum";
    case SampleRole::GaugeCount:
        return "_gcount";
    case SampleRole::GaugeSum:
        return "_gsum";
    case SampleRole::Info:
        return "_info";
    case SampleRole::Plain:
        break;
    }
    return "";
}

std::optional<SampleRole> sampleRole(MetricType type, std::string_view familyName,
                                     std::string_view sampleName, bool openMetrics) {
    if (!sampleName.starts_with(familyName)) return std::nullopt;
    const std::string_view suffix = sampleName.substr(familyName.size());
    auto oneOf = [&](std::initializer_list<SampleRole> roles) -> std::optional<SampleRole> {
        for (const SampleRole role : roles)
            if (suffix == sampleRoleSuffix(role)) return role;
        return std::nullopt;
    };
    using R = SampleRole;
    switch (type) {
    case MetricType::Counter:
        return openMetrics ? oneOf({R::Total, R::Created}) : oneOf({R::Plain});
    case MetricType::Gauge:
    case MetricType::Unknown:
    case MetricType::StateSet:
        return oneOf({R::Plain});
    case MetricType::Info:
        return oneOf({R::Info});
    case MetricType::Histogram:
        return openMetrics ? oneOf({R::Bucket, R::Count, R::Sum, R::Created})
                           : oneOf({R::Bucket, R::Count, R::Sum});
    case MetricType::GaugeHistogram:
        return oneOf({R::Bucket, R::GaugeCount, R::GaugeSum});
    case MetricType::Summary:
        return openMetrics ? oneOf({R::Plain, R::Count, R::Sum, R::Created})
                           : oneOf({R::Plain, R::Count, R::Sum});
    }
    return std::nullopt;
}

} // namespace dw
