#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dw {

// Character classes and escapes shared by the parser, the checker and the linter.

bool isValidMetricName(std::string_view name);
bool isValidLabelName(std::string_view name);
bool isValidUtf8(std::string_view text);
std::size_t countRunes(std::string_view utf8);

// Resolves the escapes of a label value or HELP text (\\, \" and \n); any other backslash sequence is
// kept literally, as Prometheus does.
void appendUnescaped(std::string_view raw, std::string& out);
std::string unescaped(std::string_view raw);

// True when every backslash starts one of the given escapes ("\\\"n" allows \\, \" and \n).
bool hasOnlyEscapes(std::string_view raw, std::string_view allowedAfterBackslash);

// Writes a label value with the escapes of the exposition formats, for output and canonical keys.
void appendEscapedLabelValue(std::string_view value, std::string& out);

} // namespace dw
