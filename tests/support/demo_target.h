#pragma once

#include "scrape/target_spec.h"

#include <QUrl>

namespace dw::test {

// The target a test scrapes the demo exporter as: job "demo", instance HOST:PORT of the URL.
inline TargetSpec demoTarget(const QUrl& url, std::int64_t intervalMs) {
    TargetSpec spec;
    spec.url = url;
    spec.job = "demo";
    spec.labels = {{"instance", url.host().toStdString() + ":" + std::to_string(url.port())},
                   {"job", "demo"}};
    spec.intervalMs = intervalMs;
    return spec;
}

} // namespace dw::test
