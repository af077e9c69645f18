#include "exporter/exposition_registry.h"

#include <algorithm>
#include <prometheus/text_serializer.h>

namespace dw {

void ExpositionRegistry::changed(const void* family) {
    const auto it = m_byFamily.find(family);
    if (it != m_byFamily.end())
        it->second->markChanged();
    else
        m_fallBack = true; // a family we do not know changed: only Collect() can say what it holds
}

void ExpositionRegistry::order() {
    m_ordered.clear();
    for (const auto& family : m_families)
        m_ordered.push_back(family.get());
    std::stable_sort(
        m_ordered.begin(), m_ordered.end(),
        [](const FamilyExposition* a, const FamilyExposition* b) { return a->group() < b->group(); });
}

bool ExpositionRegistry::matchesCollect() {
    std::string text;
    for (FamilyExposition* family : m_ordered)
        family->appendTo(text);
    return text == prometheus::TextSerializer().Serialize(m_registry->Collect());
}

void ExpositionRegistry::seal() {
    if (m_checked || m_fallBack) return;
    order();
    m_fallBack = !matchesCollect();
    m_checked = true;
}

void ExpositionRegistry::serialize(std::string& out) {
    seal();
    if (m_fallBack) {
        out = prometheus::TextSerializer().Serialize(m_registry->Collect());
        return;
    }
    out.clear();
    for (FamilyExposition* family : m_ordered)
        family->appendTo(out);
}

} // namespace dw
