#include "parser/exposition_validator.h"

#include "parser/exposition_parser.h"
#include "parser/strict_checker.h"

#include <algorithm>

namespace dw {

std::vector<ParseError> validateExposition(std::string_view input, ExpositionFormat format,
                                           const ParseLimits& limits, std::size_t maxErrors) {
    ExpositionParser parser(ParseOptions{true, limits});
    parser.reset(input, format);
    StrictChecker checker(format);
    std::vector<ParseError> errors;
    for (;;) {
        const auto entry = parser.next();
        if (entry == ExpositionParser::Entry::Invalid) {
            errors.push_back(parser.error());
            break;
        }
        if (entry == ExpositionParser::Entry::End) {
            checker.finish(errors);
            break;
        }
        checker.check(parser, entry, errors);
        if (errors.size() >= maxErrors) break;
    }
    std::stable_sort(errors.begin(), errors.end(),
                     [](const ParseError& a, const ParseError& b) { return a.line < b.line; });
    if (errors.size() > maxErrors) errors.resize(maxErrors);
    return errors;
}

} // namespace dw
