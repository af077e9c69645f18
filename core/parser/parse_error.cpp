#include "parser/parse_error.h"

#include <cstdio>

namespace dw {

std::string ParseError::format(std::string_view source) const {
    std::string out(source);
    out += ':' + std::to_string(line) + ':' + std::to_string(column) + ": " + message;
    if (!excerpt.empty()) out += ": " + excerpt;
    return out;
}

std::string ParseError::describe() const {
    std::string out = "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message;
    if (!excerpt.empty()) out += ": " + excerpt;
    return out;
}

std::string quoteExcerpt(std::string_view text, std::size_t maxLength) {
    const bool shortened = text.size() > maxLength;
    if (shortened) text = text.substr(0, maxLength);
    std::string out = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20 || byte == 0x7f) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\x%02x", byte);
            out += buffer;
        } else {
            out += c; // UTF-8 passes through so names in any script stay readable
        }
    }
    out += shortened ? "\"…" : "\"";
    return out;
}

} // namespace dw
