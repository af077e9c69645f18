#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dw {

// Which labels a metric family may carry: glob patterns on family names mapped to allowed label names,
// plus labels every series may carry. Loaded from YAML (see resources/policies/compozy-labels.yaml, which
// is also the built-in default: Compozy's monitoring spec). Immutable once loaded; safe to share.
class LabelPolicy {
public:
    struct Rule {
        std::vector<std::string> patterns;
        std::vector<std::string> allowed;
    };

    // Compozy's spec, from the YAML compiled into the program.
    static const LabelPolicy& compozyDefault();
    // Parses a policy; on failure returns nothing and sets error to "LINE:COL: what is wrong".
    static std::optional<LabelPolicy> fromYaml(std::string_view yaml, std::string& error);

    // The rule for a family, or null when no rule restricts it.
    const Rule* ruleFor(std::string_view familyName) const;
    // True when the family may carry the label.
    bool allows(std::string_view familyName, std::string_view labelName) const;

    const std::vector<std::string>& alwaysAllowed() const { return m_alwaysAllowed; }
    const std::vector<Rule>& rules() const { return m_rules; }

private:
    std::vector<std::string> m_alwaysAllowed;
    std::vector<Rule> m_rules;
};

// Glob matching with * (any run) and ? (one character).
bool globMatch(std::string_view pattern, std::string_view text);

} // namespace dw
