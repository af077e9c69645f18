#pragma once

#include "promql/token.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace dw::promql {

// The syntax tree of a PromQL expression, as Prometheus 2.x's parser builds it. Nodes own their children;
// a parsed expression is immutable and may be evaluated many times, from any thread.

enum class ValueType { Scalar, Vector, Matrix, String };
std::string_view valueTypeName(ValueType type);

struct LabelMatcher {
    enum class Type { Equal, NotEqual, Regex, NotRegex };
    Type type = Type::Equal;
    std::string name;
    std::string value;
};

// The @ modifier: a fixed time, or the start or end of the query.
struct AtModifier {
    enum class Kind { None, Time, Start, End };
    Kind kind = Kind::None;
    std::int64_t timeMs = 0;
};

struct Node;
using NodePtr = std::unique_ptr<Node>;

struct NumberLiteral {
    double value = 0;
};
struct StringLiteral {
    std::string value;
};
struct VectorSelector {
    std::string name;                   // empty when only matchers select
    std::vector<LabelMatcher> matchers; // including __name__ when a name was given
    std::int64_t offsetMs = 0;
    AtModifier at;
};
struct MatrixSelector {
    VectorSelector selector;
    std::int64_t rangeMs = 0;
};
struct Subquery {
    NodePtr expr;
    std::int64_t rangeMs = 0;
    std::int64_t stepMs = 0; // 0: the global default step
    std::int64_t offsetMs = 0;
    AtModifier at;
};
struct FunctionInfo;
struct Call {
    const FunctionInfo* function = nullptr;
    std::vector<NodePtr> args;
    std::uint32_t position = 0; // of the function's name, where annotations about the call point
};
struct Aggregation {
    TokenKind op = TokenKind::Sum;
    NodePtr expr;
    NodePtr param; // topk/bottomk/quantile/count_values
    std::vector<std::string> grouping;
    bool without = false;
};
struct VectorMatching {
    enum class Cardinality { OneToOne, ManyToOne, OneToMany, ManyToMany };
    Cardinality cardinality = Cardinality::OneToOne;
    std::vector<std::string> labels; // on(...) or ignoring(...)
    bool on = false;
    std::vector<std::string> include; // group_left(...)/group_right(...)
};
struct Binary {
    TokenKind op = TokenKind::Add;
    NodePtr lhs;
    NodePtr rhs;
    bool returnBool = false;
    std::optional<VectorMatching> matching; // set when both sides are vectors
};
struct Unary {
    TokenKind op = TokenKind::Sub;
    NodePtr expr;
};
struct Paren {
    NodePtr expr;
};

struct Node {
    std::variant<NumberLiteral, StringLiteral, VectorSelector, MatrixSelector, Subquery, Call, Aggregation,
                 Binary, Unary, Paren>
        value;
    std::uint32_t position = 0; // where the expression starts in the query

    ValueType type() const;
};

// How far before the evaluation time the expression reads, not counting the lookback of instant
// selectors: the longest range plus offset, subqueries included. What a live query must scrape first.
std::int64_t lookbehindMs(const Node& node);

// Calls visit with every vector selector of the expression (those inside range selectors too).
void forEachSelector(const Node& node, const std::function<void(const VectorSelector&)>& visit);
// The same over an expression being rewritten (matchers added before it is formatted again).
void rewriteSelectors(Node& node, const std::function<void(VectorSelector&)>& visit);

// The metric names the expression's selectors name (selectors without a name are left out), appended.
void collectMetricNames(const Node& node, std::vector<std::string>& out);

// Prometheus's canonical text of an expression ("sum by (job) (rate(x[5m]))").
std::string format(const Node& node);

} // namespace dw::promql
