#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace dw {

// An open-addressing index from 64-bit hashes to 32-bit values (positions in the owner's own table), for
// owners whose keys already live elsewhere: a lookup hands each candidate to the caller, who compares its
// key. One flat array of 16-byte slots with linear probing, at most half full; equal hashes may repeat.
// Where std::unordered_map allocates a node per key and divides by a prime per lookup, this allocates only
// when it doubles. Erasing shifts the following run back, so there are no tombstones.
// Thread-safety: none; the owner serialises access.
class HashIndex {
public:
    static constexpr std::uint32_t kNone = ~std::uint32_t(0);

    std::size_t size() const { return m_size; }
    std::size_t capacity() const { return m_slots.size(); }
    std::size_t byteSize() const { return m_slots.capacity() * sizeof(Slot); }
    void clear() {
        std::fill(m_slots.begin(), m_slots.end(), Slot{});
        m_size = 0;
    }
    void reserve(std::size_t count) {
        if (count * 2 > m_slots.size()) grow(count * 2);
    }

    // The first value with this hash that matches(value) accepts, or kNone.
    template<class Matches> std::uint32_t find(std::uint64_t hash, Matches matches) const {
        if (m_slots.empty()) return kNone;
        for (std::size_t i = hash & m_mask;; i = (i + 1) & m_mask) {
            const Slot& slot = m_slots[i];
            if (slot.value == kNone) return kNone;
            if (slot.hash == hash && matches(slot.value)) return slot.value;
        }
    }

    void insert(std::uint64_t hash, std::uint32_t value) {
        if ((m_size + 1) * 2 > m_slots.size()) grow(m_slots.empty() ? 16 : m_slots.size() * 2);
        place({hash, value});
        ++m_size;
    }

    // Removes the entry with this hash and value; false if there is none.
    bool erase(std::uint64_t hash, std::uint32_t value) {
        if (m_slots.empty()) return false;
        std::size_t i = hash & m_mask;
        for (;; i = (i + 1) & m_mask) {
            if (m_slots[i].value == kNone) return false;
            if (m_slots[i].hash == hash && m_slots[i].value == value) break;
        }
        // Backward shift: move later entries of the run into the hole where their home allows it.
        for (std::size_t j = (i + 1) & m_mask; m_slots[j].value != kNone; j = (j + 1) & m_mask) {
            const std::size_t home = m_slots[j].hash & m_mask;
            const bool movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
            if (!movable) continue;
            m_slots[i] = m_slots[j];
            i = j;
        }
        m_slots[i] = Slot{};
        --m_size;
        return true;
    }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t value = kNone;
    };

    void place(Slot slot) {
        std::size_t i = slot.hash & m_mask;
        while (m_slots[i].value != kNone)
            i = (i + 1) & m_mask;
        m_slots[i] = slot;
    }
    void grow(std::size_t capacity) {
        std::size_t size = 16;
        while (size < capacity)
            size *= 2;
        std::vector<Slot> old(size);
        old.swap(m_slots);
        m_mask = size - 1;
        for (const Slot& slot : old)
            if (slot.value != kNone) place(slot);
    }

    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
    std::size_t m_size = 0;
};

} // namespace dw
