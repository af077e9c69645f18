#include "lint/metrics_linter.h"

#include "lint/cardinality_hints.h"
#include "lint/naming_rules.h"
#include "model/label_text.h"
#include "parser/exposition_parser.h"
#include "parser/sample_role.h"
#include "parser/strict_checker.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace dw {

namespace {

using Entry = ExpositionParser::Entry;

struct LabelStats {
    std::unordered_set<std::string> values;
    bool reportedValue = false;
    bool reportedPolicy = false;
    bool reportedCount = false;
};

struct Family {
    FamilyFacts facts;
    int line = 0;
    std::map<std::string, LabelStats> labels;
};

class Linter {
public:
    Linter(ExpositionFormat format, const LintOptions& options)
        : m_format(format), m_options(options), m_checker(format) {}

    LintReport run(std::string_view body) {
        ExpositionParser parser(ParseOptions{false, m_options.limits});
        parser.reset(body, m_format);
        for (;;) {
            const Entry entry = parser.next();
            if (entry == Entry::End) break;
            if (entry == Entry::Invalid) {
                const ParseError& error = parser.error();
                add(LintFinding::Severity::Error, "parse", "", error.line,
                    "column " + std::to_string(error.column) + ": " + error.message +
                        (error.excerpt.empty() ? "" : ": " + error.excerpt));
                break;
            }
            std::vector<ParseError> consistency;
            m_checker.check(parser, entry, consistency);
            for (const ParseError& problem : consistency)
                add(LintFinding::Severity::Warning, "consistency", familyOfLine(entry, parser), problem.line,
                    problem.message);
            if (entry == Entry::Help || entry == Entry::Type || entry == Entry::Unit)
                onMetadata(parser, entry);
            if (entry == Entry::Series) onSample(parser);
        }
        std::vector<ParseError> tail;
        m_checker.finish(tail);
        for (const ParseError& problem : tail)
            add(LintFinding::Severity::Warning, "consistency", "", problem.line, problem.message);
        for (Family& family : m_families) {
            for (auto& [label, stats] : family.labels)
                family.facts.labelNames.push_back(label);
            for (std::string& problem : namingProblems(family.facts))
                add(LintFinding::Severity::Warning, "promlint", family.facts.name, family.line,
                    std::move(problem));
        }
        std::stable_sort(m_report.findings.begin(), m_report.findings.end(),
                         [](const LintFinding& a, const LintFinding& b) { return a.line < b.line; });
        m_report.families = m_families.size();
        return std::move(m_report);
    }

private:
    std::string familyOfLine(Entry entry, const ExpositionParser& parser) const {
        if (entry != Entry::Series) return std::string(parser.name());
        return m_current < m_families.size() ? m_families[m_current].facts.name : std::string(parser.name());
    }

    std::size_t familyNamed(std::string_view name, int line) {
        if (const auto it = m_byName.find(std::string(name)); it != m_byName.end()) return it->second;
        Family family;
        family.facts.name = std::string(name);
        family.facts.openMetrics = m_format == ExpositionFormat::OpenMetrics1;
        family.line = line;
        m_families.push_back(std::move(family));
        m_byName.emplace(std::string(name), m_families.size() - 1);
        return m_families.size() - 1;
    }

    void onMetadata(const ExpositionParser& parser, Entry entry) {
        m_current = familyNamed(parser.name(), parser.line());
        FamilyFacts& facts = m_families[m_current].facts;
        if (entry == Entry::Help) facts.hasHelp = true;
        if (entry == Entry::Type) facts.type = parser.type();
    }

    void onSample(const ExpositionParser& parser) {
        ++m_report.samples;
        const bool openMetrics = m_format == ExpositionFormat::OpenMetrics1;
        const bool fitsCurrent = m_current < m_families.size() &&
                                 sampleRole(m_families[m_current].facts.type,
                                            m_families[m_current].facts.name, parser.name(), openMetrics);
        if (!fitsCurrent) m_current = familyNamed(parser.name(), parser.line());
        Family& family = m_families[m_current];
        for (const auto& span : parser.labels()) {
            LabelStats& stats = family.labels[std::string(span.name)];
            const std::string value = span.escaped ? unescaped(span.rawValue) : std::string(span.rawValue);
            checkPolicy(family, span.name, stats, parser.line());
            if (span.name == "le" || span.name == "quantile") continue;
            if (!stats.reportedValue) {
                if (const std::string reason = highCardinalityReason(value); !reason.empty()) {
                    stats.reportedValue = true;
                    add(LintFinding::Severity::Warning, "cardinality", family.facts.name, parser.line(),
                        "label \"" + std::string(span.name) + "\" value " + quoteExcerpt(value) + " " +
                            reason + "; such values make series without bound");
                }
            }
            if (stats.values.size() <= m_options.distinctValuesWarning) stats.values.insert(value);
            if (stats.values.size() > m_options.distinctValuesWarning && !stats.reportedCount) {
                stats.reportedCount = true;
                add(LintFinding::Severity::Warning, "cardinality", family.facts.name, parser.line(),
                    "label \"" + std::string(span.name) + "\" has more than " +
                        std::to_string(m_options.distinctValuesWarning) + " distinct values in this family");
            }
        }
    }

    void checkPolicy(const Family& family, std::string_view label, LabelStats& stats, int line) {
        if (!m_options.policy || stats.reportedPolicy || m_options.policy->allows(family.facts.name, label))
            return;
        stats.reportedPolicy = true;
        std::string allowed;
        if (const LabelPolicy::Rule* rule = m_options.policy->ruleFor(family.facts.name))
            for (const std::string& name : rule->allowed)
                allowed += (allowed.empty() ? "" : ", ") + name;
        add(LintFinding::Severity::Error, "label-policy", family.facts.name, line,
            "label \"" + std::string(label) + "\" is not allowed by the label policy (allowed: " +
                (allowed.empty() ? std::string("none") : allowed) + ")");
    }

    void add(LintFinding::Severity severity, std::string check, std::string metric, int line,
             std::string message) {
        m_report.findings.push_back(
            {severity, std::move(check), std::move(metric), line, std::move(message)});
    }

    ExpositionFormat m_format;
    const LintOptions& m_options;
    StrictChecker m_checker;
    std::vector<Family> m_families;
    std::unordered_map<std::string, std::size_t> m_byName;
    std::size_t m_current = ~std::size_t(0);
    LintReport m_report;
};

} // namespace

std::size_t LintReport::errors() const {
    return std::size_t(std::count_if(findings.begin(), findings.end(), [](const LintFinding& f) {
        return f.severity == LintFinding::Severity::Error;
    }));
}

std::size_t LintReport::warnings() const {
    return findings.size() - errors();
}

LintReport lintExposition(std::string_view body, ExpositionFormat format, const LintOptions& options) {
    return Linter(format, options).run(body);
}

} // namespace dw
