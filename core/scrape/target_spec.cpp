#include "scrape/target_spec.h"

namespace dw {

std::string TargetSpec::id() const {
    return job + "/" + instance();
}

std::string TargetSpec::key() const {
    return url.toString().toStdString() + "\n" + formatLabels(labels) + "\n" + std::to_string(intervalMs) +
           "/" + std::to_string(timeoutMs);
}

} // namespace dw
