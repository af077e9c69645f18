#include "promql/lexer.h"

#include "util/duration.h"

#include <array>
#include <cctype>
#include <utility>

namespace dw::promql {

namespace {

bool isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool isDurationUnit(char c) {
    return c == 's' || c == 'm' || c == 'h' || c == 'd' || c == 'w' || c == 'y';
}

bool equalsNoCase(std::string_view a, std::string_view lower) {
    if (a.size() != lower.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != lower[i]) return false;
    return true;
}

// Keywords and aggregation operators, matched case-insensitively as Prometheus does.
constexpr std::array<std::pair<std::string_view, TokenKind>, 28> kKeywords = {{
    {"and", TokenKind::And},
    {"or", TokenKind::Or},
    {"unless", TokenKind::Unless},
    {"atan2", TokenKind::Atan2},
    {"by", TokenKind::By},
    {"without", TokenKind::Without},
    {"on", TokenKind::On},
    {"ignoring", TokenKind::Ignoring},
    {"group_left", TokenKind::GroupLeft},
    {"group_right", TokenKind::GroupRight},
    {"bool", TokenKind::Bool},
    {"offset", TokenKind::Offset},
    {"start", TokenKind::Start},
    {"end", TokenKind::End_},
    {"sum", TokenKind::Sum},
    {"avg", TokenKind::Avg},
    {"count", TokenKind::Count},
    {"min", TokenKind::Min},
    {"max", TokenKind::Max},
    {"group", TokenKind::Group},
    {"stddev", TokenKind::Stddev},
    {"stdvar", TokenKind::Stdvar},
    {"topk", TokenKind::Topk},
    {"bottomk", TokenKind::Bottomk},
    {"count_values", TokenKind::CountValues},
    {"limitk", TokenKind::Limitk},
    {"limit_ratio", TokenKind::LimitRatio},
    {"quantile", TokenKind::Quantile},
}};

} // namespace

std::vector<Token> Lexer::tokenize() {
    std::vector<Token> tokens;
    for (;;) {
        tokens.push_back(next());
        if (tokens.back().kind == TokenKind::End || tokens.back().kind == TokenKind::Error) return tokens;
    }
}

Token Lexer::make(TokenKind kind, std::size_t start, std::size_t end) const {
    return {kind, std::uint32_t(start), m_input.substr(start, end - start)};
}

Token Lexer::fail(std::size_t at, std::string message) {
    m_error = std::move(message);
    m_pos = m_input.size();
    return {TokenKind::Error, std::uint32_t(at), m_input.substr(at, at < m_input.size() ? 1 : 0)};
}

Token Lexer::next() {
    // Skip white space and comments.
    for (;;) {
        while (m_pos < m_input.size() && std::isspace(static_cast<unsigned char>(m_input[m_pos])))
            ++m_pos;
        if (m_pos < m_input.size() && m_input[m_pos] == '#') {
            while (m_pos < m_input.size() && m_input[m_pos] != '\n')
                ++m_pos;
            continue;
        }
        break;
    }
    if (m_pos >= m_input.size()) return make(TokenKind::End, m_pos, m_pos);
    const std::size_t start = m_pos;
    const char c = m_input[m_pos];
    const char n = m_pos + 1 < m_input.size() ? m_input[m_pos + 1] : '\0';
    auto single = [&](TokenKind kind) {
        ++m_pos;
        return make(kind, start, m_pos);
    };
    auto twoChars = [&](TokenKind kind) {
        m_pos += 2;
        return make(kind, start, m_pos);
    };
    switch (c) {
    case '(':
        return single(TokenKind::LeftParen);
    case ')':
        return single(TokenKind::RightParen);
    case '{':
        ++m_braceDepth;
        return single(TokenKind::LeftBrace);
    case '}':
        if (m_braceDepth == 0) return fail(start, "unexpected right brace");
        --m_braceDepth;
        return single(TokenKind::RightBrace);
    case '[':
        m_bracketOpen = true;
        return single(TokenKind::LeftBracket);
    case ']':
        m_bracketOpen = false;
        return single(TokenKind::RightBracket);
    case ',':
        return single(TokenKind::Comma);
    case ':':
        if (m_braceDepth > 0) return fail(start, "unexpected character inside braces: ':'");
        // As in Prometheus: a colon is the subquery separator only inside brackets; elsewhere it starts
        // a metric name such as ":requests:rate5m".
        if (!m_bracketOpen) return lexIdentifier(start);
        return single(TokenKind::Colon);
    case '@':
        return single(TokenKind::At);
    case '+':
        return single(TokenKind::Add);
    case '-':
        return single(TokenKind::Sub);
    case '*':
        return single(TokenKind::Mul);
    case '/':
        return single(TokenKind::Div);
    case '%':
        return single(TokenKind::Mod);
    case '^':
        return single(TokenKind::Pow);
    case '=':
        if (n == '=') return twoChars(TokenKind::Eql);
        if (n == '~') return twoChars(TokenKind::EqlRegex);
        return single(TokenKind::Assign);
    case '!':
        if (n == '=') return twoChars(TokenKind::Neq);
        if (n == '~') return twoChars(TokenKind::NeqRegex);
        return fail(start, "unexpected character after \"!\"");
    case '<':
        if (n == '=') return twoChars(TokenKind::Lte);
        return single(TokenKind::Lss);
    case '>':
        if (n == '=') return twoChars(TokenKind::Gte);
        return single(TokenKind::Gtr);
    case '"':
    case '\'':
    case '`':
        return lexString(start);
    default:
        break;
    }
    if (isDigit(c) || (c == '.' && isDigit(n))) return lexNumberOrDuration(start);
    if (isLetter(c)) return lexIdentifier(start);
    return fail(start, std::string("unexpected character \"") + c + "\"");
}

Token Lexer::lexNumberOrDuration(std::size_t start) {
    std::size_t p = start;
    const auto at = [&](std::size_t i) { return i < m_input.size() ? m_input[i] : '\0'; };
    if (at(p) == '0' && (at(p + 1) == 'x' || at(p + 1) == 'X') && isHex(at(p + 2))) {
        p += 2;
        while (isHex(at(p)))
            ++p;
    } else {
        bool integer = true;
        while (isDigit(at(p)))
            ++p;
        if (at(p) == '.') {
            integer = false;
            ++p;
            while (isDigit(at(p)))
                ++p;
        }
        if ((at(p) == 'e' || at(p) == 'E') &&
            (isDigit(at(p + 1)) || ((at(p + 1) == '+' || at(p + 1) == '-') && isDigit(at(p + 2))))) {
            integer = false;
            p += 2;
            while (isDigit(at(p)))
                ++p;
        }
        if (integer && isDurationUnit(at(p))) {
            // A duration: digit-unit pairs ("1h30m", "250ms"), checked by the shared duration parser.
            while (isDigit(at(p)) || isDurationUnit(at(p)))
                ++p;
            const std::string_view text = m_input.substr(start, p - start);
            if (isLetter(at(p)) || !parseDurationMs(text))
                return fail(start, "bad duration syntax: \"" + std::string(text) + "\"");
            m_pos = p;
            return make(TokenKind::Duration, start, p);
        }
    }
    if (isLetter(at(p)) || isDigit(at(p)))
        return fail(start, "bad number or duration syntax: \"" +
                               std::string(m_input.substr(start, p + 1 - start)) + "\"");
    m_pos = p;
    return make(TokenKind::Number, start, p);
}

Token Lexer::lexString(std::size_t start) {
    const char quote = m_input[start];
    std::size_t p = start + 1;
    while (p < m_input.size() && m_input[p] != quote) {
        if (quote != '`' && m_input[p] == '\\')
            ++p; // the escaped character cannot end the string
        else if (quote != '`' && m_input[p] == '\n')
            break;
        ++p;
    }
    if (p >= m_input.size() || m_input[p] != quote) return fail(start, "unterminated quoted string");
    m_pos = p + 1;
    return {TokenKind::String, std::uint32_t(start), m_input.substr(start + 1, p - start - 1)};
}

Token Lexer::lexIdentifier(std::size_t start) {
    std::size_t p = start;
    bool colon = false;
    // Label names inside braces are letters, digits and underscores only; a colon there is an error.
    const bool inBraces = m_braceDepth > 0;
    while (p < m_input.size() &&
           (isLetter(m_input[p]) || isDigit(m_input[p]) || (!inBraces && m_input[p] == ':'))) {
        colon |= m_input[p] == ':';
        ++p;
    }
    m_pos = p;
    const std::string_view word = m_input.substr(start, p - start);
    if (m_braceDepth > 0) return make(TokenKind::Identifier, start, p); // label names, whatever they spell
    if (colon) return make(TokenKind::MetricIdentifier, start, p);
    if (equalsNoCase(word, "inf") || equalsNoCase(word, "nan")) return make(TokenKind::Number, start, p);
    for (const auto& [keyword, kind] : kKeywords)
        if (equalsNoCase(word, keyword)) return make(kind, start, p);
    return make(TokenKind::Identifier, start, p);
}

} // namespace dw::promql
