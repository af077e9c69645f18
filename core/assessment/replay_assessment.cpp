#include "assessment/replay_assessment.h"

#include <algorithm>

namespace dw {

ReplayAssessment::ReplayAssessment(ProfileSet profiles, Assessment::Options options, std::int64_t stepMs)
    : m_assessment(m_replay.store(), std::move(profiles), std::move(options)),
      m_stepMs(std::max<std::int64_t>(1, stepMs)) {}

bool ReplayAssessment::open(const QString& path, std::string& error) {
    if (!m_replay.open(path, error)) return false;
    m_assessment.reset();
    m_incidents.clear();
    m_evaluated = false;
    m_nextStepMs = m_replay.startMs();
    return true;
}

void ReplayAssessment::evaluate(std::int64_t t) {
    if (m_evaluated && t <= m_lastEvaluatedMs) return;
    m_replay.runTo(t); // every scrape up to t is in, as live
    const AssessmentResult& result = m_assessment.evaluate(t, m_replay.targets());
    m_incidents.insert(m_incidents.end(), result.incidents.begin(), result.incidents.end());
    m_lastEvaluatedMs = t;
    m_evaluated = true;
}

const AssessmentResult& ReplayAssessment::runTo(std::int64_t t) {
    for (; m_nextStepMs <= t; m_nextStepMs += m_stepMs)
        evaluate(m_nextStepMs);
    evaluate(t);
    return m_assessment.latest();
}

} // namespace dw
