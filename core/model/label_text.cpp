#include "model/label_text.h"

namespace dw {

namespace {
bool isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
} // namespace

bool isValidMetricName(std::string_view name) {
    if (name.empty()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (!(isLetter(c) || c == '_' || c == ':' || (i > 0 && isDigit(c)))) return false;
    }
    return true;
}

bool isValidLabelName(std::string_view name) {
    if (name.empty()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (!(isLetter(c) || c == '_' || (i > 0 && isDigit(c)))) return false;
    }
    return true;
}

bool isValidUtf8(std::string_view text) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int length = 0;
        std::uint32_t codePoint = 0;
        if ((c & 0xe0) == 0xc0) {
            length = 2;
            codePoint = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            length = 3;
            codePoint = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            length = 4;
            codePoint = c & 0x07;
        } else {
            return false;
        }
        if (end - p < length) return false;
        for (int i = 1; i < length; ++i) {
            if ((p[i] & 0xc0) != 0x80) return false;
            codePoint = (codePoint << 6) | (p[i] & 0x3f);
        }
        const bool overlong = (length == 2 && codePoint < 0x80) || (length == 3 && codePoint < 0x800) ||
                              (length == 4 && codePoint < 0x10000);
        if (overlong || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return false;
        p += length;
    }
    return true;
}

std::size_t countRunes(std::string_view utf8) {
    std::size_t runes = 0;
    for (const char c : utf8)
        if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++runes;
    return runes;
}

void appendUnescaped(std::string_view raw, std::string& out) {
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c != '\\' || i + 1 == raw.size()) {
            out += c;
            continue;
        }
        const char next = raw[i + 1];
        if (next == '\\' || next == '"') {
            out += next;
            ++i;
        } else if (next == 'n') {
            out += '\n';
            ++i;
        } else {
            out += c;
        }
    }
}

std::string unescaped(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    appendUnescaped(raw, out);
    return out;
}

bool hasOnlyEscapes(std::string_view raw, std::string_view allowedAfterBackslash) {
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\') continue;
        if (i + 1 == raw.size() || allowedAfterBackslash.find(raw[i + 1]) == std::string_view::npos)
            return false;
        ++i;
    }
    return true;
}

void appendEscapedLabelValue(std::string_view value, std::string& out) {
    for (const char c : value) {
        if (c == '\\' || c == '"') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
}

} // namespace dw
