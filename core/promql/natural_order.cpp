#include "promql/natural_order.h"

namespace dw::promql {

namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// From a digit at pos: skips the zeros the reference skips (a '0' that is not the last byte, whatever
// follows it) and returns the length of the number's run from there; pos moves past the skipped zeros.
std::size_t numberRun(std::string_view s, std::size_t& pos) {
    std::size_t length = 1;
    char current = s[pos];
    while (pos + length < s.size()) {
        const char next = s[pos + length];
        if (current == '0') {
            ++pos;
            current = next;
            continue;
        }
        if (!isDigit(next)) break;
        ++length;
    }
    return length;
}

} // namespace

bool naturalLess(std::string_view a, std::string_view b) {
    std::size_t i = 0, j = 0;
    while (true) {
        if (i >= a.size()) return j < b.size();
        if (j >= b.size()) return false;
        if (isDigit(a[i]) && isDigit(b[j])) {
            const std::size_t runA = numberRun(a, i);
            const std::size_t runB = numberRun(b, j);
            if (runA != runB) return runA < runB;
            const int order = a.substr(i, runA).compare(b.substr(j, runB));
            if (order != 0) return order < 0;
            i += runA;
            j += runB;
            continue;
        }
        if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
        ++i;
        ++j;
    }
}

} // namespace dw::promql
