#pragma once

#include <string>
#include <string_view>

namespace dw {

// Says why a label value looks like it comes from an unbounded set (a UUID, a long numeric ID, a raw
// URL path with IDs in it), or returns empty. Such values multiply series without limit.
std::string highCardinalityReason(std::string_view value);

} // namespace dw
