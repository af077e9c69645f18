#include "promql/label_regex.h"

#include "promql/ast.h"

#include <re2/re2.h>

namespace dw::promql {

namespace {

// RE2's error in the words of Go's regexp package, which Prometheus users see.
std::string goError(const RE2& re) {
    const char* what = nullptr;
    switch (re.error_code()) {
    case RE2::ErrorBadEscape:
        what = "invalid escape sequence";
        break;
    case RE2::ErrorBadCharClass:
        what = "invalid character class";
        break;
    case RE2::ErrorBadCharRange:
        what = "invalid character class range";
        break;
    case RE2::ErrorMissingBracket:
        what = "missing closing ]";
        break;
    case RE2::ErrorMissingParen:
        what = "missing closing )";
        break;
    case RE2::ErrorUnexpectedParen:
        what = "unexpected )";
        break;
    case RE2::ErrorTrailingBackslash:
        what = "trailing backslash at end of expression";
        break;
    case RE2::ErrorRepeatArgument:
        what = "missing argument to repetition operator";
        break;
    case RE2::ErrorRepeatSize:
        what = "invalid repeat count";
        break;
    case RE2::ErrorRepeatOp:
        what = "invalid nested repetition operator";
        break;
    case RE2::ErrorBadPerlOp:
        what = "invalid or unsupported Perl syntax";
        break;
    case RE2::ErrorBadUTF8:
        what = "invalid UTF-8";
        break;
    case RE2::ErrorBadNamedCapture:
        what = "invalid named capture";
        break;
    default:
        return "error parsing regexp: " + re.error();
    }
    return std::string("error parsing regexp: ") + what + ": `" + re.error_arg() + "`";
}

} // namespace

std::unique_ptr<LabelRegex> LabelRegex::compile(std::string_view pattern, std::string& error,
                                                Generation generation) {
    std::unique_ptr<LabelRegex> regex(new LabelRegex);
    RE2::Options options;
    options.set_log_errors(false);
    // Go's regexp lets "." match any byte sequence of a rune; Latin-1 mode would break UTF-8 values.
    options.set_encoding(RE2::Options::EncodingUTF8);
    // Prometheus 3 compiles "^(?s:pattern)$", so "." matches a newline too; Prometheus 2 "^(?:pattern)$".
    regex->m_dotMatchesNewline = generation == Generation::Prometheus3;
    const char* open = regex->m_dotMatchesNewline ? "^(?s:" : "^(?:";
    regex->m_re2 = std::make_unique<RE2>(open + std::string(pattern) + ")$", options);
    if (!regex->m_re2->ok()) {
        error = goError(*regex->m_re2);
        return nullptr;
    }
    if (pattern == ".*")
        regex->m_shortcut = Shortcut::Any;
    else if (pattern == ".+")
        regex->m_shortcut = Shortcut::NonEmpty;
    return regex;
}

LabelRegex::~LabelRegex() = default;

bool matcherAccepts(const LabelMatcher& m, std::string_view value, const LabelRegex* regex) {
    switch (m.type) {
    case LabelMatcher::Type::Equal:
        return value == m.value;
    case LabelMatcher::Type::NotEqual:
        return value != m.value;
    case LabelMatcher::Type::Regex:
        return regex->matches(value);
    case LabelMatcher::Type::NotRegex:
        return !regex->matches(value);
    }
    return false;
}

bool LabelRegex::matches(std::string_view text) const {
    // Without (?s), "." does not match a newline, so the shortcuts only hold for values without one.
    if (m_shortcut != Shortcut::None && (m_dotMatchesNewline || text.find('\n') == std::string_view::npos))
        return m_shortcut == Shortcut::Any || !text.empty();
    return RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *m_re2);
}

} // namespace dw::promql
