#pragma once

#include "promql/token.h"

#include <string>
#include <string_view>
#include <vector>

namespace dw::promql {

// Splits a PromQL expression into tokens, as Prometheus 2.x's lexer does: keywords are recognised outside
// label matchers only (inside {…} every word is a label name), a number directly followed by a duration
// unit is a duration, and # starts a comment to the end of the line. On a malformed token, the last token
// is Error with the position and error() says what is wrong. Pure; thread-safe.
class Lexer {
public:
    explicit Lexer(std::string_view input) : m_input(input) {}

    // All tokens up to and including End (or Error).
    std::vector<Token> tokenize();
    const std::string& error() const { return m_error; }

private:
    Token next();
    Token make(TokenKind kind, std::size_t start, std::size_t end) const;
    Token fail(std::size_t at, std::string message);
    Token lexNumberOrDuration(std::size_t start);
    Token lexString(std::size_t start);
    Token lexIdentifier(std::size_t start);

    std::string_view m_input;
    std::size_t m_pos = 0;
    int m_braceDepth = 0;
    bool m_bracketOpen = false;
    std::string m_error;
};

} // namespace dw::promql
