#include "scrape/target_spec.h"

namespace dw {

std::string TargetSpec::id() const {
    return job + "/" + instance();
}

} // namespace dw
