#pragma once

#include "assessment/assessment.h"
#include "recording/replay.h"

#include <vector>

namespace dw {

// A recording replayed and assessed as a live session assesses its targets: the Replay (a source) feeds
// the recorded scrapes, and the Assessment is evaluated every stepMs of recorded time, seeing every scrape
// up to that time; the incidents of every evaluation are kept, in order. This is what `replay`, the
// timeline's markers and the benchmarks run.
// Thread-safety: none; use from one thread.
class ReplayAssessment {
public:
    ReplayAssessment(ProfileSet profiles, Assessment::Options options, std::int64_t stepMs);

    bool open(const QString& path, std::string& error);
    // Feeds and evaluates every step up to t, then evaluates at t itself (the result is then t's).
    const AssessmentResult& runTo(std::int64_t t);
    const AssessmentResult& runToEnd() { return runTo(m_replay.endMs()); }

    Replay& replay() { return m_replay; }
    const Replay& replay() const { return m_replay; }
    const AssessmentResult& latest() const { return m_assessment.latest(); }
    // Every incident so far, in the order found (times within an evaluation may go back to a state's
    // start; sort by time to list them).
    const std::vector<Incident>& incidents() const { return m_incidents; }

private:
    void evaluate(std::int64_t t);

    Replay m_replay;
    Assessment m_assessment;
    std::int64_t m_stepMs;
    std::int64_t m_nextStepMs = 0;
    std::int64_t m_lastEvaluatedMs = 0;
    bool m_evaluated = false;
    std::vector<Incident> m_incidents;
};

} // namespace dw
