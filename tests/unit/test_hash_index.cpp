// HashIndex and TextArena, the flat tables under the scrape cache and the store, against what they
// replace: random inserts, finds and erases checked against std::unordered_multimap, with colliding hashes.

#include "util/hash_index.h"
#include "util/text_arena.h"

#include <QtTest>
#include <random>
#include <string>
#include <unordered_map>

using namespace dw;

class HashIndexTest : public QObject {
    Q_OBJECT

private slots:
    void behavesAsAMultimap_data() {
        QTest::addColumn<int>("distinctHashes");
        QTest::addColumn<int>("operations");
        QTest::newRow("few hashes, long runs") << 7 << 20000;
        QTest::newRow("some collisions") << 500 << 20000;
        QTest::newRow("all distinct") << 1'000'000 << 20000;
    }

    void behavesAsAMultimap() {
        QFETCH(int, distinctHashes);
        QFETCH(int, operations);
        std::mt19937_64 random(42);
        HashIndex index;
        std::unordered_multimap<std::uint64_t, std::uint32_t> reference;
        std::vector<std::pair<std::uint64_t, std::uint32_t>> present;
        std::uint32_t nextValue = 0;
        // Hashes that share low bits land in the same run, which is what erase must get right.
        auto hashOf = [&](std::uint64_t k) { return (k * 0x9e3779b97f4a7c15ULL) << 3; };
        for (int op = 0; op < operations; ++op) {
            const bool erase = !present.empty() && random() % 3 == 0;
            if (erase) {
                const std::size_t at = random() % present.size();
                const auto [hash, value] = present[at];
                QVERIFY(index.erase(hash, value));
                auto range = reference.equal_range(hash);
                for (auto it = range.first; it != range.second; ++it)
                    if (it->second == value) {
                        reference.erase(it);
                        break;
                    }
                present[at] = present.back();
                present.pop_back();
            } else {
                const std::uint64_t hash = hashOf(random() % std::uint64_t(distinctHashes));
                index.insert(hash, nextValue);
                reference.emplace(hash, nextValue);
                present.emplace_back(hash, nextValue++);
            }
            QCOMPARE(index.size(), reference.size());
        }
        // Every present value is found under its hash, and nothing else is.
        for (const auto& [hash, value] : present) {
            const std::uint32_t wanted = value; // clang 14 cannot capture a structured binding
            QCOMPARE(index.find(hash, [wanted](std::uint32_t candidate) { return candidate == wanted; }),
                     wanted);
        }
        QCOMPARE(index.find(hashOf(1) + 1, [](std::uint32_t) { return true; }), HashIndex::kNone);
        QVERIFY(!index.erase(hashOf(1) + 1, 0));
    }

    void arenaViewsStayValidAndRewindForgets() {
        TextArena arena;
        std::vector<std::pair<std::string_view, std::string>> stored;
        for (int i = 0; i < 5000; ++i) {
            const std::string text = "series_" + std::to_string(i) + std::string(std::size_t(i % 50), 'x');
            stored.emplace_back(arena.store(text), text);
        }
        const std::string huge(200'000, 'h'); // longer than a block
        const std::string_view hugeView = arena.store(huge);
        for (const auto& [view, text] : stored)
            QCOMPARE(view, std::string_view(text));
        QCOMPARE(hugeView, std::string_view(huge));
        const TextArena::Mark mark = arena.mark();
        const std::size_t capacity = arena.capacity();
        for (int i = 0; i < 3000; ++i)
            arena.store(std::string(100, 'y'));
        QVERIFY(arena.capacity() > capacity);
        arena.rewind(mark);
        QCOMPARE(arena.capacity(), capacity);
        QCOMPARE(stored.front().first, std::string_view(stored.front().second)); // older views untouched
        QCOMPARE(arena.store("after"), std::string_view("after"));
        arena.reset();
        QVERIFY(arena.capacity() <= 1024);
    }
};

QTEST_GUILESS_MAIN(HashIndexTest)
#include "test_hash_index.moc"
