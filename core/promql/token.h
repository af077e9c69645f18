#pragma once

#include <cstdint>
#include <string_view>

namespace dw::promql {

// The tokens of PromQL, as Prometheus 2.x's lexer produces them.
enum class TokenKind : std::uint8_t {
    End,
    Error,
    Identifier,       // a metric or label name, or a function name
    MetricIdentifier, // a name containing ':' (recording rules)
    Number,           // 1, 1.5e3, 0x1f, Inf, NaN
    Duration,         // 5m, 1h30m, 250ms
    String,           // "…", '…' or `…`; text() is the content with escapes still in place
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Colon,
    At,
    // Operators
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Eql,      // ==
    Neq,      // !=
    Lss,      // <
    Lte,      // <=
    Gtr,      // >
    Gte,      // >=
    Assign,   // = (in label matchers)
    EqlRegex, // =~
    NeqRegex, // !~
    // Keywords
    And,
    Or,
    Unless,
    Atan2,
    By,
    Without,
    On,
    Ignoring,
    GroupLeft,
    GroupRight,
    Bool,
    Offset,
    Start, // start() in @ modifiers
    End_,  // end() in @ modifiers
    // Aggregation operators
    Sum,
    Avg,
    Count,
    Min,
    Max,
    Group,
    Stddev,
    Stdvar,
    Topk,
    Bottomk,
    CountValues,
    Quantile,
    Limitk,     // Prometheus 3
    LimitRatio, // Prometheus 3
};

struct Token {
    TokenKind kind = TokenKind::End;
    std::uint32_t position = 0; // byte offset in the query
    std::string_view text;      // as written (String: the content between the quotes)
};

std::string_view tokenKindName(TokenKind kind);
bool isAggregator(TokenKind kind);
bool isKeyword(TokenKind kind);

} // namespace dw::promql
