#pragma once

#include <string>
#include <string_view>

namespace dw {

// One problem found in an exposition body, located by 1-based line and column (in bytes) and quoting
// the offending text, so a person can find and fix it.
struct ParseError {
    int line = 0;
    int column = 0;
    std::string message;
    std::string excerpt;

    bool isSet() const { return line > 0; }
    // "SOURCE:LINE:COL: message: "excerpt"" as compilers print diagnostics.
    std::string format(std::string_view source) const;
    // "line L, column C: message: "excerpt"" for sentences such as scrape errors.
    std::string describe() const;
};

// Quotes text for a diagnostic: escapes control and non-ASCII bytes and shortens long text.
std::string quoteExcerpt(std::string_view text, std::size_t maxLength = 60);

} // namespace dw
