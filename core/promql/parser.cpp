#include "promql/parser.h"

#include "model/label_text.h"
#include "promql/functions.h"
#include "promql/label_regex.h"
#include "promql/lexer.h"
#include "util/duration.h"

#include <charconv>
#include <cmath>

namespace dw::promql {

namespace {

struct Failure {
    std::uint32_t position;
    std::string message;
};

int precedence(TokenKind kind) {
    switch (kind) {
    case TokenKind::Or:
        return 1;
    case TokenKind::And:
    case TokenKind::Unless:
        return 2;
    case TokenKind::Eql:
    case TokenKind::Neq:
    case TokenKind::Lss:
    case TokenKind::Lte:
    case TokenKind::Gtr:
    case TokenKind::Gte:
        return 3;
    case TokenKind::Add:
    case TokenKind::Sub:
        return 4;
    case TokenKind::Mul:
    case TokenKind::Div:
    case TokenKind::Mod:
    case TokenKind::Atan2:
        return 5;
    case TokenKind::Pow:
        return 6;
    default:
        return 0;
    }
}
constexpr int kUnaryPrecedence = 5; // unary minus binds like * (so -a^b is -(a^b))

bool isComparison(TokenKind kind) {
    return precedence(kind) == 3;
}
bool isSetOperator(TokenKind kind) {
    return precedence(kind) == 1 || precedence(kind) == 2;
}

std::string_view typeWords(ValueType type) {
    switch (type) {
    case ValueType::Scalar:
        return "scalar";
    case ValueType::Vector:
        return "instant vector";
    case ValueType::Matrix:
        return "range vector";
    case ValueType::String:
        return "string";
    }
    return "";
}

// Go's strconv.Unquote for '…' and "…": the escapes Go knows; anything else is an error.
bool unquote(std::string_view raw, char quote, std::string& out) {
    out.clear();
    if (quote == '`') {
        out = std::string(raw);
        return true;
    }
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c != '\\') {
            out += c;
            continue;
        }
        if (++i >= raw.size()) return false;
        const char e = raw[i];
        auto hex = [&](int digits) {
            // The digits are raw[i+1] … raw[i+digits], all inside the string.
            if (i + std::size_t(digits) >= raw.size()) return false;
            unsigned value = 0;
            const auto [end, ec] =
                std::from_chars(raw.data() + i + 1, raw.data() + i + 1 + digits, value, 16);
            if (ec != std::errc() || end != raw.data() + i + 1 + digits) return false;
            i += std::size_t(digits);
            if (digits == 2 || value < 0x80) { // \xFF is a byte; \u and \U below 0x80 one too
                out += char(value);
            } else if (value < 0x800) {
                out += char(0xc0 | (value >> 6));
                out += char(0x80 | (value & 0x3f));
            } else if (value < 0x10000) {
                out += char(0xe0 | (value >> 12));
                out += char(0x80 | ((value >> 6) & 0x3f));
                out += char(0x80 | (value & 0x3f));
            } else {
                out += char(0xf0 | (value >> 18));
                out += char(0x80 | ((value >> 12) & 0x3f));
                out += char(0x80 | ((value >> 6) & 0x3f));
                out += char(0x80 | (value & 0x3f));
            }
            return true;
        };
        switch (e) {
        case 'a':
            out += '\a';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'v':
            out += '\v';
            break;
        case '\\':
            out += '\\';
            break;
        case '\'':
        case '"':
            if (e != quote) return false;
            out += e;
            break;
        case 'x':
            if (!hex(2)) return false;
            break;
        case 'u':
            if (!hex(4)) return false;
            break;
        case 'U':
            if (!hex(8)) return false;
            break;
        default:
            if (e >= '0' && e <= '7' && i + 2 < raw.size() && raw[i + 1] >= '0' && raw[i + 1] <= '7' &&
                raw[i + 2] >= '0' && raw[i + 2] <= '7') {
                out += char(((e - '0') << 6) | ((raw[i + 1] - '0') << 3) | (raw[i + 2] - '0'));
                i += 2;
                break;
            }
            return false;
        }
    }
    return true;
}

class Parser {
public:
    Parser(std::string_view query, Generation generation) : m_query(query), m_generation(generation) {}

    NodePtr run() {
        Lexer lexer(m_query);
        m_tokens = lexer.tokenize();
        if (m_tokens.back().kind == TokenKind::Error) throw Failure{m_tokens.back().position, lexer.error()};
        if (peek().kind == TokenKind::End) throw Failure{0, "no expression found in input"};
        NodePtr node = expression(1);
        if (peek().kind != TokenKind::End)
            throw Failure{peek().position, "unexpected " + std::string(tokenKindName(peek().kind))};
        return node;
    }

private:
    const Token& peek(std::size_t ahead = 0) const {
        return m_tokens[std::min(m_index + ahead, m_tokens.size() - 1)];
    }
    const Token& advance() { return m_tokens[std::min(m_index++, m_tokens.size() - 1)]; }
    bool accept(TokenKind kind) {
        if (peek().kind != kind) return false;
        ++m_index;
        return true;
    }
    const Token& expect(TokenKind kind, std::string_view context) {
        // At the end of the input Prometheus's lexer reports what is still open.
        if (peek().kind == TokenKind::End && kind != TokenKind::End) {
            if (kind == TokenKind::RightParen) throw Failure{peek().position, "unclosed left parenthesis"};
            if (kind == TokenKind::RightBracket) throw Failure{peek().position, "unclosed left bracket"};
            if (context == "label matching")
                throw Failure{peek().position, "unexpected end of input inside braces"};
        }
        if (peek().kind != kind)
            throw Failure{peek().position, "unexpected " + std::string(tokenKindName(peek().kind)) + " in " +
                                               std::string(context) + ", expected " +
                                               std::string(tokenKindName(kind))};
        return advance();
    }
    static NodePtr make(auto value, std::uint32_t position) {
        auto node = std::make_unique<Node>();
        node->value = std::move(value);
        node->position = position;
        return node;
    }

    // Parsing and evaluation recurse over the expression's depth: bounded, so no query (or fuzzer) can
    // exhaust the stack. Prometheus has no such limit; no real query comes near it.
    static constexpr int kMaxNesting = 256;
    static constexpr int kMaxChain = 1024;
    struct Nesting {
        explicit Nesting(Parser& parser, std::uint32_t position) : m_parser(parser) {
            if (++m_parser.m_depth > kMaxNesting)
                throw Failure{position, "expression nested too deeply: more than " +
                                            std::to_string(kMaxNesting) +
                                            " levels of parentheses, calls or operators"};
        }
        ~Nesting() { --m_parser.m_depth; }
        Parser& m_parser;
    };

    NodePtr expression(int minPrecedence) {
        const Nesting nesting(*this, peek().position);
        NodePtr lhs = unary();
        for (int chain = 1;; ++chain) {
            const Token op = peek();
            const int p = precedence(op.kind);
            if (p == 0 || p < minPrecedence) return lhs;
            if (chain > kMaxChain)
                throw Failure{op.position, "too many binary operators in one expression: more than " +
                                               std::to_string(kMaxChain)};
            advance();
            Binary binary;
            binary.op = op.kind;
            binary.returnBool = accept(TokenKind::Bool);
            if (binary.returnBool && !isComparison(op.kind))
                throw Failure{op.position, "bool modifier can only be used on comparison operators"};
            std::optional<VectorMatching> matching;
            if (peek().kind == TokenKind::On || peek().kind == TokenKind::Ignoring) {
                matching.emplace();
                matching->on = advance().kind == TokenKind::On;
                matching->labels = labelList("vector matching");
            }
            if (peek().kind == TokenKind::GroupLeft || peek().kind == TokenKind::GroupRight) {
                if (!matching) matching.emplace();
                matching->cardinality = advance().kind == TokenKind::GroupLeft
                                            ? VectorMatching::Cardinality::ManyToOne
                                            : VectorMatching::Cardinality::OneToMany;
                if (peek().kind == TokenKind::LeftParen) matching->include = labelList("grouping");
            }
            NodePtr rhs = expression(op.kind == TokenKind::Pow ? p : p + 1); // ^ is right-associative
            binary.lhs = std::move(lhs);
            binary.rhs = std::move(rhs);
            checkBinary(binary, matching, op.position);
            // Read before the move: the order in which arguments are evaluated is unspecified.
            const std::uint32_t position = binary.lhs ? binary.lhs->position : op.position;
            lhs = make(std::move(binary), position);
        }
    }

    void checkBinary(Binary& binary, std::optional<VectorMatching>& matching, std::uint32_t position) {
        const ValueType left = binary.lhs->type();
        const ValueType right = binary.rhs->type();
        const std::string op(tokenKindName(binary.op));
        auto valid = [](ValueType t) { return t == ValueType::Scalar || t == ValueType::Vector; };
        if (!valid(left) || !valid(right))
            throw Failure{position, "binary expression must contain only scalar and instant vector types"};
        const bool bothVectors = left == ValueType::Vector && right == ValueType::Vector;
        if (isComparison(binary.op) && !binary.returnBool && left == ValueType::Scalar &&
            right == ValueType::Scalar)
            throw Failure{position, "comparisons between scalars must use BOOL modifier"};
        if (isSetOperator(binary.op) && !bothVectors)
            throw Failure{position, "set operator \"" + op + "\" not allowed in binary scalar expression"};
        if (matching && !bothVectors)
            throw Failure{position, "vector matching only allowed between instant vectors"};
        if (bothVectors) {
            if (!matching) matching.emplace();
            if (isSetOperator(binary.op)) {
                if (matching->cardinality != VectorMatching::Cardinality::OneToOne)
                    throw Failure{position, "no grouping allowed for \"" +
                                                std::string(tokenKindName(binary.op)) + "\" operation"};
                matching->cardinality = VectorMatching::Cardinality::ManyToMany;
            }
            binary.matching = std::move(matching);
        }
    }

    NodePtr unary() {
        const Token token = peek();
        if (token.kind != TokenKind::Add && token.kind != TokenKind::Sub) return postfix(primary());
        advance();
        NodePtr operand = expression(kUnaryPrecedence + 1);
        if (auto* number = std::get_if<NumberLiteral>(&operand->value)) {
            if (token.kind == TokenKind::Sub) number->value = -number->value;
            operand->position = token.position;
            return operand;
        }
        const ValueType type = operand->type();
        if (type != ValueType::Scalar && type != ValueType::Vector)
            throw Failure{
                token.position,
                "unary expression only allowed on expressions of type scalar or instant vector, got \"" +
                    std::string(typeWords(type)) + "\""};
        return make(Unary{token.kind, std::move(operand)}, token.position);
    }

    NodePtr primary() {
        const Token token = peek();
        switch (token.kind) {
        case TokenKind::Number:
            advance();
            return make(NumberLiteral{number(token)}, token.position);
        case TokenKind::String: {
            advance();
            std::string value;
            if (!unquote(token.text, m_query[token.position], value))
                throw Failure{token.position, "invalid escape sequence in string"};
            return make(StringLiteral{std::move(value)}, token.position);
        }
        case TokenKind::LeftParen: {
            advance();
            NodePtr inner = expression(1);
            expect(TokenKind::RightParen, "parenthesized expression");
            return make(Paren{std::move(inner)}, token.position);
        }
        case TokenKind::Start: // Prometheus 3's start() and end() share their names with @'s keywords
        case TokenKind::End_:
            if (m_generation == Generation::Prometheus3 && peek(1).kind == TokenKind::LeftParen)
                return call();
            break;
        case TokenKind::Identifier:
            if (peek(1).kind == TokenKind::LeftParen) return call();
            [[fallthrough]];
        case TokenKind::MetricIdentifier:
        case TokenKind::LeftBrace:
            return selector();
        default:
            break;
        }
        if (isAggregator(token.kind)) return aggregation();
        if (token.kind == TokenKind::End) throw Failure{token.position, "unexpected end of input"};
        throw Failure{token.position, "unexpected " + std::string(tokenKindName(token.kind))};
    }

    double number(const Token& token) const {
        const std::string_view text = token.text;
        const std::string lower = [&] {
            std::string s(text);
            for (char& c : s)
                c = char(std::tolower(static_cast<unsigned char>(c)));
            return s;
        }();
        if (lower == "inf") return INFINITY;
        if (lower == "nan") return NAN;
        // Go's ParseInt(text, 0, 64) first: 0x hex and leading-zero octal, as Prometheus does.
        std::int64_t integer = 0;
        int base = 10;
        std::string_view digits = text;
        if (lower.starts_with("0x")) {
            base = 16;
            digits.remove_prefix(2);
        } else if (text.size() > 1 && text[0] == '0' &&
                   text.find_first_not_of("01234567") == std::string_view::npos) {
            base = 8;
            digits.remove_prefix(1);
        }
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), integer, base);
        if (ec == std::errc() && end == digits.data() + digits.size()) return double(integer);
        double value = 0;
        const auto [fend, fec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (fec != std::errc() || fend != text.data() + text.size())
            throw Failure{token.position, "invalid number \"" + std::string(text) + "\""};
        return value;
    }

    // A quoted metric or label name: its unquoted text, which must be valid UTF-8 and not empty.
    std::string quotedName(const Token& token) const {
        std::string name;
        if (!unquote(token.text, m_query[token.position], name))
            throw Failure{token.position, "invalid escape sequence in string"};
        if (name.empty()) throw Failure{token.position, "empty label name"};
        if (!isValidUtf8(name))
            throw Failure{token.position, "invalid UTF-8 in name " + std::string(token.text)};
        return name;
    }

    std::vector<std::string> labelList(std::string_view context) {
        expect(TokenKind::LeftParen, context);
        std::vector<std::string> labels;
        while (peek().kind != TokenKind::RightParen) {
            const Token& label = advance();
            if (label.kind == TokenKind::String && m_generation == Generation::Prometheus3) {
                labels.push_back(quotedName(label)); // Prometheus 3: by ("service.name")
                if (!accept(TokenKind::Comma)) break;
                continue;
            }
            if (label.kind != TokenKind::Identifier && !isKeyword(label.kind) && !isAggregator(label.kind))
                throw Failure{label.position, "unexpected " + std::string(tokenKindName(label.kind)) +
                                                  " in " + std::string(context) + ", expected label"};
            labels.emplace_back(label.text);
            if (!accept(TokenKind::Comma)) break;
        }
        expect(TokenKind::RightParen, context);
        return labels;
    }

    NodePtr selector() {
        const std::uint32_t position = peek().position;
        VectorSelector vs;
        if (peek().kind == TokenKind::Identifier || peek().kind == TokenKind::MetricIdentifier) {
            vs.name = std::string(advance().text);
            vs.matchers.push_back({LabelMatcher::Type::Equal, "__name__", vs.name});
        }
        if (accept(TokenKind::LeftBrace)) {
            while (peek().kind != TokenKind::RightBrace) {
                // Prometheus 3's quoted UTF-8 names: {"http.requests", "service.name"="api"}.
                const bool quoted =
                    m_generation == Generation::Prometheus3 && peek().kind == TokenKind::String;
                if (quoted && (peek(1).kind == TokenKind::Comma || peek(1).kind == TokenKind::RightBrace)) {
                    const Token& metric = advance();
                    const std::string name = quotedName(metric);
                    if (!vs.name.empty())
                        throw Failure{metric.position, "metric name must not be set twice: \"" + vs.name +
                                                           "\" or \"" + name + "\""};
                    vs.name = name;
                    vs.matchers.push_back({LabelMatcher::Type::Equal, "__name__", name});
                    if (!accept(TokenKind::Comma)) break;
                    continue;
                }
                const Token& name = quoted ? advance() : expect(TokenKind::Identifier, "label matching");
                LabelMatcher matcher;
                matcher.name = quoted ? quotedName(name) : std::string(name.text);
                switch (advance().kind) {
                case TokenKind::Assign:
                    matcher.type = LabelMatcher::Type::Equal;
                    break;
                case TokenKind::Neq:
                    matcher.type = LabelMatcher::Type::NotEqual;
                    break;
                case TokenKind::EqlRegex:
                    matcher.type = LabelMatcher::Type::Regex;
                    break;
                case TokenKind::NeqRegex:
                    matcher.type = LabelMatcher::Type::NotRegex;
                    break;
                default:
                    throw Failure{m_tokens[m_index - 1].position,
                                  "unexpected " + std::string(tokenKindName(m_tokens[m_index - 1].kind)) +
                                      " in label matching, expected label matching operator"};
                }
                const Token& value = expect(TokenKind::String, "label matching");
                if (!unquote(value.text, m_query[value.position], matcher.value))
                    throw Failure{value.position, "invalid escape sequence in string"};
                if (matcher.type == LabelMatcher::Type::Regex ||
                    matcher.type == LabelMatcher::Type::NotRegex) {
                    std::string error;
                    if (!LabelRegex::compile(matcher.value, error, m_generation))
                        throw Failure{name.position, error};
                }
                if (matcher.name == "__name__" && !vs.name.empty())
                    throw Failure{name.position, "metric name must not be set twice: \"" + vs.name +
                                                     "\" or \"" + matcher.value + "\""};
                vs.matchers.push_back(std::move(matcher));
                if (!accept(TokenKind::Comma)) break;
            }
            expect(TokenKind::RightBrace, "label matching");
        }
        // Prometheus refuses selectors that would match every series.
        bool selective = false;
        for (const LabelMatcher& m : vs.matchers) {
            bool matchesEmpty = false;
            switch (m.type) {
            case LabelMatcher::Type::Equal:
                matchesEmpty = m.value.empty();
                break;
            case LabelMatcher::Type::NotEqual:
                matchesEmpty = !m.value.empty();
                break;
            case LabelMatcher::Type::Regex:
            case LabelMatcher::Type::NotRegex: {
                std::string error;
                const auto regex = LabelRegex::compile(m.value, error, m_generation);
                if (!regex) throw Failure{position, error};
                const bool match = regex->matches("");
                matchesEmpty = m.type == LabelMatcher::Type::Regex ? match : !match;
                break;
            }
            }
            selective |= !matchesEmpty;
        }
        if (!selective)
            throw Failure{position, "vector selector must contain at least one non-empty matcher"};
        return make(std::move(vs), position);
    }

    NodePtr call() {
        const Token& name = advance();
        const FunctionInfo* function = findFunction(name.text, m_generation);
        if (!function)
            throw Failure{name.position, "unknown function with name \"" + std::string(name.text) + "\""};
        expect(TokenKind::LeftParen, "function call");
        Call call;
        call.function = function;
        call.position = name.position;
        while (peek().kind != TokenKind::RightParen) {
            call.args.push_back(expression(1));
            if (!accept(TokenKind::Comma)) break;
        }
        expect(TokenKind::RightParen, "function call");
        const std::size_t given = call.args.size();
        const std::size_t declared = function->args.size();
        const std::string fn(function->name);
        if (function->variadic == 0 && given != declared)
            throw Failure{name.position, "expected " + std::to_string(declared) +
                                             " argument(s) in call to \"" + fn + "\", got " +
                                             std::to_string(given)};
        if (function->variadic > 0 &&
            (given > declared || given < declared - std::size_t(function->variadic)))
            throw Failure{name.position, "expected at most " + std::to_string(declared) +
                                             " argument(s) in call to \"" + fn + "\", got " +
                                             std::to_string(given)};
        if (function->variadic < 0 && given < declared - 1)
            throw Failure{name.position, "expected at least " + std::to_string(declared - 1) +
                                             " argument(s) in call to \"" + fn + "\", got " +
                                             std::to_string(given)};
        for (std::size_t i = 0; i < given; ++i) {
            const ValueType expected = function->args[std::min(i, declared - 1)];
            const ValueType actual = call.args[i]->type();
            if (actual != expected)
                throw Failure{call.args[i]->position, "expected type " + std::string(typeWords(expected)) +
                                                          " in call to function \"" + fn + "\", got " +
                                                          std::string(typeWords(actual))};
        }
        return make(std::move(call), name.position);
    }

    NodePtr aggregation() {
        const Token& op = advance();
        if ((op.kind == TokenKind::Limitk || op.kind == TokenKind::LimitRatio) &&
            m_generation == Generation::Prometheus2)
            throw Failure{op.position, "unknown function with name \"" + std::string(op.text) + "\""};
        Aggregation agg;
        agg.op = op.kind;
        bool grouped = false;
        if (peek().kind == TokenKind::By || peek().kind == TokenKind::Without) {
            agg.without = advance().kind == TokenKind::Without;
            agg.grouping = labelList("grouping");
            grouped = true;
        }
        expect(TokenKind::LeftParen, "aggregation");
        const bool hasParam = op.kind == TokenKind::Topk || op.kind == TokenKind::Bottomk ||
                              op.kind == TokenKind::Quantile || op.kind == TokenKind::CountValues ||
                              op.kind == TokenKind::Limitk || op.kind == TokenKind::LimitRatio;
        if (hasParam) {
            agg.param = expression(1);
            expect(TokenKind::Comma, "aggregation");
        }
        agg.expr = expression(1);
        expect(TokenKind::RightParen, "aggregation");
        if (!grouped && (peek().kind == TokenKind::By || peek().kind == TokenKind::Without)) {
            agg.without = advance().kind == TokenKind::Without;
            agg.grouping = labelList("grouping");
        }
        const std::string name(tokenKindName(op.kind));
        if (agg.expr->type() != ValueType::Vector)
            throw Failure{agg.expr->position, "expected type instant vector in aggregation expression, got " +
                                                  std::string(typeWords(agg.expr->type()))};
        if (agg.param) {
            const ValueType wanted =
                op.kind == TokenKind::CountValues ? ValueType::String : ValueType::Scalar;
            if (agg.param->type() != wanted)
                throw Failure{agg.param->position, "expected type " + std::string(typeWords(wanted)) +
                                                       " in aggregation parameter, got " +
                                                       std::string(typeWords(agg.param->type()))};
        }
        return make(std::move(agg), op.position);
    }

    NodePtr postfix(NodePtr node) {
        for (;;) {
            const Token token = peek();
            if (token.kind == TokenKind::LeftBracket) {
                advance();
                const std::int64_t range = duration(expectDuration("range"));
                if (accept(TokenKind::Colon)) {
                    std::int64_t step = 0;
                    if (peek().kind == TokenKind::Duration || peek().kind == TokenKind::Number)
                        step = duration(advance());
                    expect(TokenKind::RightBracket, "subquery");
                    if (node->type() != ValueType::Vector)
                        throw Failure{token.position, "subquery is only allowed on instant vector, got " +
                                                          std::string(typeWords(node->type())) + " instead"};
                    const std::uint32_t position = node->position;
                    node = make(Subquery{std::move(node), range, step, 0, {}}, position);
                    continue;
                }
                expect(TokenKind::RightBracket, "range");
                auto* selector = std::get_if<VectorSelector>(&node->value);
                if (!selector) throw Failure{token.position, "ranges only allowed for vector selectors"};
                if (selector->offsetMs != 0 || selector->at.kind != AtModifier::Kind::None)
                    throw Failure{token.position, "no offset or @ modifiers allowed before range"};
                const std::uint32_t position = node->position;
                node = make(MatrixSelector{std::move(*selector), range}, position);
            } else if (token.kind == TokenKind::Offset) {
                advance();
                const bool negative = accept(TokenKind::Sub);
                const std::int64_t offset = duration(expectDuration("offset"));
                std::int64_t* target = offsetOf(*node, token.position);
                if (*target != 0) throw Failure{node->position, "offset may not be set multiple times"};
                *target = negative ? -offset : offset;
            } else if (token.kind == TokenKind::At) {
                advance();
                AtModifier at;
                if (accept(TokenKind::Start) || (peek().kind == TokenKind::End_ && accept(TokenKind::End_))) {
                    at.kind = m_tokens[m_index - 1].kind == TokenKind::Start ? AtModifier::Kind::Start
                                                                             : AtModifier::Kind::End;
                    expect(TokenKind::LeftParen, "@ modifier");
                    expect(TokenKind::RightParen, "@ modifier");
                } else if (m_generation == Generation::Prometheus3 && peek().kind == TokenKind::Duration) {
                    at = {AtModifier::Kind::Time, duration(advance())}; // Prometheus 3: "@ 100s", "@ 1m40s"
                } else {
                    const bool negative = accept(TokenKind::Sub);
                    const Token& time = expect(TokenKind::Number, "@ modifier");
                    const double seconds = number(time) * (negative ? -1 : 1);
                    if (!std::isfinite(seconds))
                        throw Failure{time.position, "timestamp out of bounds for @ modifier"};
                    at = {AtModifier::Kind::Time, std::int64_t(std::llround(seconds * 1000))};
                }
                AtModifier* target = atOf(*node, token.position);
                if (target->kind != AtModifier::Kind::None)
                    throw Failure{node->position, "@ <timestamp> may not be set multiple times"};
                *target = at;
            } else {
                return node;
            }
        }
    }

    std::int64_t* offsetOf(Node& node, std::uint32_t position) {
        if (auto* v = std::get_if<VectorSelector>(&node.value)) return &v->offsetMs;
        if (auto* m = std::get_if<MatrixSelector>(&node.value)) return &m->selector.offsetMs;
        if (auto* s = std::get_if<Subquery>(&node.value)) return &s->offsetMs;
        throw Failure{position, "offset modifier must be preceded by an instant vector selector or range "
                                "vector selector or a subquery"};
    }
    AtModifier* atOf(Node& node, std::uint32_t position) {
        if (auto* v = std::get_if<VectorSelector>(&node.value)) return &v->at;
        if (auto* m = std::get_if<MatrixSelector>(&node.value)) return &m->selector.at;
        if (auto* s = std::get_if<Subquery>(&node.value)) return &s->at;
        throw Failure{position, "@ modifier must be preceded by an instant vector selector or range vector "
                                "selector or a subquery"};
    }
    // Prometheus also reads a plain number as seconds where a duration is expected ("foo[30]").
    const Token& expectDuration(std::string_view context) {
        if (peek().kind == TokenKind::Number) return advance();
        return expect(TokenKind::Duration, context);
    }

    std::int64_t duration(const Token& token) const {
        if (token.kind == TokenKind::Number) {
            const double seconds = number(token);
            if (!std::isfinite(seconds) || seconds < 0 || seconds * 1000 > 9.2e18)
                throw Failure{token.position, "bad duration \"" + std::string(token.text) + "\""};
            if (seconds == 0) throw Failure{token.position, "duration must be greater than 0"};
            return std::int64_t(std::llround(seconds * 1000));
        }
        const auto ms = parseDurationMs(token.text);
        if (!ms) throw Failure{token.position, "bad duration \"" + std::string(token.text) + "\""};
        if (*ms == 0) throw Failure{token.position, "duration must be greater than 0"};
        return *ms;
    }

    std::string_view m_query;
    Generation m_generation;
    int m_depth = 0;
    std::vector<Token> m_tokens;
    std::size_t m_index = 0;
};

} // namespace

std::string SyntaxError::describe() const {
    return std::to_string(line) + ":" + std::to_string(column) + ": parse error: " + message;
}

NodePtr parseQuery(std::string_view query, SyntaxError& error, Generation generation) {
    try {
        return Parser(query, generation).run();
    } catch (const Failure& failure) {
        error = {failure.position, 1, 1, failure.message};
        // Line and column as Prometheus counts them: bytes since the last line break, from 1.
        std::size_t lineStart = 0;
        for (std::size_t i = 0; i < failure.position && i < query.size(); ++i)
            if (query[i] == '\n') {
                ++error.line;
                lineStart = i + 1;
            }
        error.column = int(failure.position - lineStart) + 1;
        return nullptr;
    }
}

} // namespace dw::promql
