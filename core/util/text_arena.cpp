#include "util/text_arena.h"

#include <algorithm>
#include <cstring>

namespace dw {

std::string_view TextArena::store(std::string_view text) {
    if (text.empty()) return {};
    if (text.size() > m_left) {
        // A string longer than a block gets a block of its size; the rest of the last block is given up.
        const std::size_t next =
            m_blocks.empty() ? kFirstBlockSize : std::min(kBlockSize, m_blocks.back().size * 2);
        const std::size_t size = std::max(next, text.size());
        m_blocks.push_back({std::make_unique_for_overwrite<char[]>(size), size});
        m_capacity += size;
        m_left = size;
    }
    Block& block = m_blocks.back();
    char* at = block.bytes.get() + (block.size - m_left);
    std::memcpy(at, text.data(), text.size());
    m_left -= text.size();
    return {at, text.size()};
}

void TextArena::rewind(Mark mark) {
    while (m_blocks.size() > mark.blocks) {
        m_capacity -= m_blocks.back().size;
        m_blocks.pop_back();
    }
    m_left = mark.left;
}

void TextArena::clear() {
    m_blocks.clear();
    m_left = 0;
    m_capacity = 0;
}

} // namespace dw
