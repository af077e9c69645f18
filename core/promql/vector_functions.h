#pragma once

#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace dw::promql {

// Functions of one sample value (abs, sqrt, the trigonometric and date functions...), with the results of
// Go's math package. Null for a name that is not such a function. Pure; thread-safe.
using ValueFunction = double (*)(double);
ValueFunction findValueFunction(std::string_view name);

// Go's Regexp.Expand: $1, ${1}, $name, ${name} and $$ in template, from a full match of source.
std::string expandTemplate(const re2::RE2& regex, std::string_view source, std::string_view templ,
                           bool& matched);

// strconv.FormatFloat(v, 'f', -1, 64): the shortest decimal that reads back as v, never in exponent
// form; +Inf, -Inf and NaN as Go writes them.
std::string formatFloatPlain(double v);

// fmt's %q of a string (valid UTF-8 is kept; control characters are escaped).
std::string quoteGo(std::string_view text);

// fmt's %g: the shortest decimal, in exponent form (1e+06) when the exponent is below -4 or above 5.
std::string formatFloatGo(double v);

} // namespace dw::promql
