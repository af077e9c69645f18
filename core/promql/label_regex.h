#pragma once

#include "promql/generation.h"

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace dw::promql {

// A label-matcher regular expression with Prometheus's semantics: RE2 syntax, anchored at both ends
// ("^(?:pattern)$", or "^(?s:pattern)$" in Prometheus 3, where "." also matches a newline). ".*" and ".+"
// skip the regex engine, as they are by far the most common patterns. Thread-safety: immutable after
// construction; matches() may be called from any thread.
class LabelRegex {
public:
    // Null and a message in Go's words ("error parsing regexp: missing closing ): `(`") when the pattern
    // does not compile.
    static std::unique_ptr<LabelRegex> compile(std::string_view pattern, std::string& error,
                                               Generation generation = kDefaultGeneration);
    ~LabelRegex();

    bool matches(std::string_view text) const;
    // The anchored expression, for label_replace's capture groups.
    const re2::RE2& re2() const { return *m_re2; }

private:
    enum class Shortcut { None, Any, NonEmpty };
    LabelRegex() = default;
    std::unique_ptr<re2::RE2> m_re2;
    Shortcut m_shortcut = Shortcut::None;
    bool m_dotMatchesNewline = false;
};

struct LabelMatcher;
// Whether a label value satisfies a matcher; `regex` is the matcher's compiled pattern (=~ and !~ only).
bool matcherAccepts(const LabelMatcher& matcher, std::string_view value, const LabelRegex* regex);

} // namespace dw::promql
