#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dw::exposition {

// Appends numbers and label values exactly as prometheus-cpp 1.0's TextSerializer writes them (a stream in
// the classic locale with precision 16: printf's %.16g; "Nan", "+Inf", "-Inf"), without a stream: integers
// through std::to_chars, other values through to_chars' %g equivalent. Thread-safety: pure functions.
void appendValue(std::string& out, double value);
void appendCount(std::string& out, std::uint64_t count);
// A label value with backslash and double quote escaped by a backslash, and newline written as \n.
void appendLabelValue(std::string& out, std::string_view value);

} // namespace dw::exposition
