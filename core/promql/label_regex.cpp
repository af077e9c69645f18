#include "promql/label_regex.h"

#include <re2/re2.h>

namespace dw::promql {

std::unique_ptr<LabelRegex> LabelRegex::compile(std::string_view pattern, std::string& error) {
    std::unique_ptr<LabelRegex> regex(new LabelRegex);
    RE2::Options options;
    options.set_log_errors(false);
    // Go's regexp lets "." match any byte sequence of a rune; Latin-1 mode would break UTF-8 values.
    options.set_encoding(RE2::Options::EncodingUTF8);
    regex->m_re2 = std::make_unique<RE2>("^(?:" + std::string(pattern) + ")$", options);
    if (!regex->m_re2->ok()) {
        error = regex->m_re2->error();
        return nullptr;
    }
    if (pattern == ".*")
        regex->m_shortcut = Shortcut::Any;
    else if (pattern == ".+")
        regex->m_shortcut = Shortcut::NonEmpty;
    return regex;
}

LabelRegex::~LabelRegex() = default;

bool LabelRegex::matches(std::string_view text) const {
    // "." does not match a newline in RE2 or Go, so the shortcuts only hold for values without one.
    if (m_shortcut != Shortcut::None && text.find('\n') == std::string_view::npos)
        return m_shortcut == Shortcut::Any || !text.empty();
    return RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *m_re2);
}

} // namespace dw::promql
