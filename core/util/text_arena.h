#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace dw {

// Stores many small strings in large blocks, so that each costs its bytes and no allocation of its own;
// the returned views stay valid until rewind(), clear() or the arena's end. Nothing is freed one by one:
// owners that drop strings copy the live ones into a fresh arena now and then. Thread-safety: none.
class TextArena {
public:
    struct Mark {
        std::size_t blocks = 0;
        std::size_t left = 0;
    };

    std::string_view store(std::string_view text);
    void clear();
    // Where the arena stands now; rewind() forgets every string stored since (their views dangle).
    Mark mark() const { return {m_blocks.size(), m_left}; }
    void rewind(Mark mark);
    // Forgets every string but keeps the first block, for a scratch arena reused again and again.
    void reset() { rewind(m_blocks.empty() ? Mark{} : Mark{1, m_blocks.front().size}); }
    // Bytes held, blocks counted whole.
    std::size_t capacity() const { return m_capacity; }

private:
    // Blocks start small, so a small table holds little, and double up to the largest size.
    static constexpr std::size_t kFirstBlockSize = 1024;
    static constexpr std::size_t kBlockSize = 64 * 1024;
    struct Block {
        std::unique_ptr<char[]> bytes;
        std::size_t size;
    };
    std::vector<Block> m_blocks; // the last one is being filled
    std::size_t m_left = 0;
    std::size_t m_capacity = 0;
};

} // namespace dw
