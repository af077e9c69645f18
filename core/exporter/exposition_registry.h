#pragma once

#include "exporter/family_exposition.h"

#include <memory>
#include <prometheus/registry.h>
#include <string>
#include <unordered_map>
#include <vector>

namespace dw {

// A prometheus-cpp registry whose exposition text costs about what formatting its values costs. Families
// are registered as usual and handed to track(); series are added and removed through add() and remove(),
// which tell the family's prepared text that it changed. serialize() writes what
// TextSerializer().Serialize(registry().Collect()) would, byte for byte; if the registry holds a family
// that was not tracked, it does exactly that instead. Thread-safety: none; one owner (a Simulator) calls it.
class ExpositionRegistry {
public:
    ExpositionRegistry() : m_registry(std::make_shared<prometheus::Registry>()) {}

    prometheus::Registry& registry() { return *m_registry; }

    template<class T> prometheus::Family<T>& track(prometheus::Family<T>& family) {
        m_families.push_back(std::make_unique<FamilyExposition>(family));
        m_byFamily[&family] = m_families.back().get();
        m_checked = false;
        return family;
    }
    template<class T, class... Args>
    T& add(prometheus::Family<T>& family, const prometheus::Labels& labels, Args&&... args) {
        if (!family.Has(labels)) changed(&family);
        return family.Add(labels, std::forward<Args>(args)...);
    }
    template<class T> void remove(prometheus::Family<T>& family, T* metric) {
        family.Remove(metric);
        changed(&family);
    }

    // Checks, once all families are registered, that the registry holds exactly the tracked families in the
    // order assumed, at the cost of one Collect(). Call it before anything is observed: collecting a
    // prometheus-cpp summary compresses its estimator, so an extra Collect() later would change what the
    // next scrape reports. serialize() checks by itself if this was not called.
    void seal();
    // Replaces out's contents with the registry's exposition text.
    void serialize(std::string& out);
    // Whether serialize() had to fall back to Collect() and TextSerializer (a family was not tracked).
    bool fellBack() const { return m_fallBack; }

private:
    void changed(const void* family);
    void order();
    bool matchesCollect();

    std::shared_ptr<prometheus::Registry> m_registry;
    std::vector<std::unique_ptr<FamilyExposition>> m_families; // in registration order
    std::unordered_map<const void*, FamilyExposition*> m_byFamily;
    std::vector<FamilyExposition*> m_ordered; // in the registry's order
    bool m_checked = false;
    bool m_fallBack = false;
};

} // namespace dw
