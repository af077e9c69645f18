#pragma once

#include "parser/exposition_format.h"
#include "parser/parse_error.h"
#include "parser/parse_limits.h"

#include <string_view>
#include <vector>

namespace dw {

// Validates a whole exposition body strictly: the syntax of the format and every semantic rule of
// StrictChecker. Returns the problems found, in input order; empty means valid. A syntax error ends the
// reading (nothing after it can be trusted); semantic problems are collected up to maxErrors.
std::vector<ParseError> validateExposition(std::string_view input, ExpositionFormat format,
                                           const ParseLimits& limits = {}, std::size_t maxErrors = 100);

} // namespace dw
