#include "promql/ast.h"

#include "model/label_text.h"
#include "promql/functions.h"
#include "promql/lexer.h"
#include "promql/parser.h"
#include "promql/vector_functions.h"
#include "util/duration.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>
#include <utility>

namespace dw::promql {

namespace {

// Go's fmt %v for a float64 (what Prometheus prints numbers with): the shortest digits, in exponent form
// below 1e-4 or from 1e6 up (strconv's %g uses precision 6 for that choice when printing shortest).
std::string goFloat(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    std::string sci(buffer, end);
    const auto e = sci.find('e');
    const int exponent = std::stoi(sci.substr(e + 1));
    if (exponent < -4 || exponent >= 6) {
        std::string mantissa = sci.substr(0, e);
        char expText[16];
        std::snprintf(expText, sizeof expText, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        return mantissa + expText;
    }
    auto [fend, fec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    return std::string(buffer, fend);
}

// Go's strconv.Quote, as Prometheus prints strings and label values in a query.
std::string quote(const std::string& value) {
    return quoteGo(value);
}

// "+" rather than the quoted "\"+\"" messages use.
std::string operatorText(TokenKind kind) {
    std::string text(tokenKindName(kind));
    return text.size() > 2 && text.front() == '"' ? text.substr(1, text.size() - 2) : text;
}

// A label name as written in a query: quoted when it is not a classic name (Prometheus 3's UTF-8 names).
std::string labelName(const std::string& name) {
    return isValidLabelName(name) ? name : quote(name);
}

std::string joined(const std::vector<std::string>& labels) {
    std::string out;
    for (std::size_t i = 0; i < labels.size(); ++i)
        out += (i ? ", " : "") + labelName(labels[i]);
    return out;
}

std::string modifiers(std::int64_t offsetMs, const AtModifier& at) {
    std::string out;
    if (at.kind == AtModifier::Kind::Time) {
        char buffer[40];
        std::snprintf(buffer, sizeof buffer, " @ %.3f", double(at.timeMs) / 1000.0);
        out += buffer;
    } else if (at.kind == AtModifier::Kind::Start) {
        out += " @ start()";
    } else if (at.kind == AtModifier::Kind::End) {
        out += " @ end()";
    }
    if (offsetMs > 0) out += " offset " + formatDurationMs(offsetMs);
    if (offsetMs < 0) out += " offset -" + formatDurationMs(-offsetMs);
    return out;
}

// Whether a name written bare reads back as a metric name: not a keyword ("start", "sum", "by"), nor a
// number ("inf", "nan"). Prometheus's grammar takes some keywords as names; quoting them reads back in both.
bool readsAsName(const std::string& name) {
    const std::vector<Token> tokens = Lexer(name).tokenize();
    return tokens.size() == 2 &&
           (tokens[0].kind == TokenKind::Identifier || tokens[0].kind == TokenKind::MetricIdentifier);
}

std::string selectorText(const VectorSelector& vs) {
    // A name that is not a classic metric name goes inside the braces, quoted: {"http.requests", ...}.
    const bool classicName = vs.name.empty() || (isValidMetricName(vs.name) && readsAsName(vs.name));
    std::string out = classicName ? vs.name : std::string();
    std::string matchers = classicName ? std::string() : quote(vs.name);
    for (const LabelMatcher& m : vs.matchers) {
        if (!vs.name.empty() && m.name == "__name__") continue;
        static constexpr const char* kOps[] = {"=", "!=", "=~", "!~"};
        matchers += (matchers.empty() ? "" : ", ") + labelName(m.name) + kOps[int(m.type)] + quote(m.value);
    }
    if (!matchers.empty() || vs.name.empty()) out += "{" + matchers + "}";
    return out;
}

std::string render(const Node& node, bool grouped) {
    return std::visit(
        [&](const auto& n) -> std::string {
            using T = std::decay_t<decltype(n)>;
            if constexpr (std::is_same_v<T, NumberLiteral>)
                return goFloat(n.value);
            else if constexpr (std::is_same_v<T, StringLiteral>)
                return quote(n.value);
            else if constexpr (std::is_same_v<T, VectorSelector>)
                return selectorText(n) + modifiers(n.offsetMs, n.at);
            else if constexpr (std::is_same_v<T, MatrixSelector>)
                return selectorText(n.selector) + "[" + formatDurationMs(n.rangeMs) + "]" +
                       modifiers(n.selector.offsetMs, n.selector.at);
            else if constexpr (std::is_same_v<T, Subquery>)
                return render(*n.expr, grouped) + "[" + formatDurationMs(n.rangeMs) + ":" +
                       (n.stepMs ? formatDurationMs(n.stepMs) : "") + "]" + modifiers(n.offsetMs, n.at);
            else if constexpr (std::is_same_v<T, Call>) {
                std::string out = std::string(n.function->name) + "(";
                for (std::size_t i = 0; i < n.args.size(); ++i)
                    out += (i ? ", " : "") + render(*n.args[i], grouped);
                return out + ")";
            } else if constexpr (std::is_same_v<T, Aggregation>) {
                std::string out(tokenKindName(n.op));
                if (n.without)
                    out += " without (" + joined(n.grouping) + ") ";
                else if (!n.grouping.empty())
                    out += " by (" + joined(n.grouping) + ") ";
                out += "(";
                if (n.param) out += render(*n.param, grouped) + ", ";
                return out + render(*n.expr, grouped) + ")";
            } else if constexpr (std::is_same_v<T, Binary>) {
                std::string matching;
                if (n.matching) {
                    const VectorMatching& m = *n.matching;
                    if (!m.labels.empty() || m.on)
                        matching += std::string(m.on ? " on" : " ignoring") + " (" + joined(m.labels) + ")";
                    if (m.cardinality == VectorMatching::Cardinality::ManyToOne)
                        matching += " group_left (" + joined(m.include) + ")";
                    if (m.cardinality == VectorMatching::Cardinality::OneToMany)
                        matching += " group_right (" + joined(m.include) + ")";
                }
                std::string out = render(*n.lhs, grouped) + " " + operatorText(n.op) +
                                  (n.returnBool ? " bool" : "") + matching + " " + render(*n.rhs, grouped);
                return grouped ? "(" + out + ")" : out;
            } else if constexpr (std::is_same_v<T, Unary>) {
                return std::string(n.op == TokenKind::Sub ? "-" : "+") + render(*n.expr, grouped);
            } else {
                // In the grouped form a binary inside parentheses already carries its own.
                if (grouped && std::holds_alternative<Binary>(n.expr->value)) return render(*n.expr, grouped);
                return "(" + render(*n.expr, grouped) + ")";
            }
        },
        node.value);
}

} // namespace

std::string_view valueTypeName(ValueType type) {
    switch (type) {
    case ValueType::Scalar:
        return "scalar";
    case ValueType::Vector:
        return "vector";
    case ValueType::Matrix:
        return "matrix";
    case ValueType::String:
        return "string";
    }
    return "";
}

ValueType Node::type() const {
    return std::visit(
        [](const auto& n) -> ValueType {
            using T = std::decay_t<decltype(n)>;
            if constexpr (std::is_same_v<T, NumberLiteral>)
                return ValueType::Scalar;
            else if constexpr (std::is_same_v<T, StringLiteral>)
                return ValueType::String;
            else if constexpr (std::is_same_v<T, VectorSelector> || std::is_same_v<T, Aggregation>)
                return ValueType::Vector;
            else if constexpr (std::is_same_v<T, MatrixSelector> || std::is_same_v<T, Subquery>)
                return ValueType::Matrix;
            else if constexpr (std::is_same_v<T, Call>)
                return n.function->returns;
            else if constexpr (std::is_same_v<T, Binary>)
                return n.lhs->type() == ValueType::Vector || n.rhs->type() == ValueType::Vector
                           ? ValueType::Vector
                           : ValueType::Scalar;
            else
                return n.expr->type();
        },
        value);
}

std::string format(const Node& node) {
    return render(node, false);
}
std::string formatGrouped(const Node& node) {
    return render(node, true);
}

std::int64_t lookbehindMs(const Node& node) {
    return std::visit(
        [](const auto& n) -> std::int64_t {
            using T = std::decay_t<decltype(n)>;
            if constexpr (std::is_same_v<T, VectorSelector>) {
                return std::max<std::int64_t>(0, n.offsetMs);
            } else if constexpr (std::is_same_v<T, MatrixSelector>) {
                return n.rangeMs + std::max<std::int64_t>(0, n.selector.offsetMs);
            } else if constexpr (std::is_same_v<T, Subquery>) {
                return n.rangeMs + std::max<std::int64_t>(0, n.offsetMs) + lookbehindMs(*n.expr);
            } else if constexpr (std::is_same_v<T, Call>) {
                std::int64_t most = 0;
                for (const NodePtr& arg : n.args)
                    most = std::max(most, lookbehindMs(*arg));
                return most;
            } else if constexpr (std::is_same_v<T, Aggregation>) {
                return std::max(lookbehindMs(*n.expr), n.param ? lookbehindMs(*n.param) : 0);
            } else if constexpr (std::is_same_v<T, Binary>) {
                return std::max(lookbehindMs(*n.lhs), lookbehindMs(*n.rhs));
            } else if constexpr (std::is_same_v<T, Unary> || std::is_same_v<T, Paren>) {
                return lookbehindMs(*n.expr);
            } else {
                return 0;
            }
        },
        node.value);
}

void forEachSelector(const Node& node, const std::function<void(const VectorSelector&)>& visit) {
    std::visit(
        [&visit](const auto& n) {
            using T = std::decay_t<decltype(n)>;
            if constexpr (std::is_same_v<T, VectorSelector>) {
                visit(n);
            } else if constexpr (std::is_same_v<T, MatrixSelector>) {
                visit(n.selector);
            } else if constexpr (std::is_same_v<T, Subquery> || std::is_same_v<T, Unary> ||
                                 std::is_same_v<T, Paren>) {
                forEachSelector(*n.expr, visit);
            } else if constexpr (std::is_same_v<T, Call>) {
                for (const NodePtr& arg : n.args)
                    forEachSelector(*arg, visit);
            } else if constexpr (std::is_same_v<T, Aggregation>) {
                forEachSelector(*n.expr, visit);
                if (n.param) forEachSelector(*n.param, visit);
            } else if constexpr (std::is_same_v<T, Binary>) {
                forEachSelector(*n.lhs, visit);
                forEachSelector(*n.rhs, visit);
            }
        },
        node.value);
}

void rewriteSelectors(Node& node, const std::function<void(VectorSelector&)>& visit) {
    // The tree is the caller's and not const; only the const walk is written out once.
    forEachSelector(std::as_const(node),
                    [&visit](const VectorSelector& s) { visit(const_cast<VectorSelector&>(s)); });
}

void collectMetricNames(const Node& node, std::vector<std::string>& out) {
    forEachSelector(node, [&out](const VectorSelector& s) {
        if (!s.name.empty()) out.push_back(s.name);
    });
}

} // namespace dw::promql
