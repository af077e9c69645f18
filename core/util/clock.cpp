#include "util/clock.h"

#include <QDateTime>

namespace dw {

std::int64_t SystemClock::nowMs() const {
    return QDateTime::currentMSecsSinceEpoch();
}

ScaledClock::ScaledClock(double speed, std::int64_t originMs) : m_speed(speed), m_originMs(originMs) {
    m_timer.start();
}

std::int64_t ScaledClock::nowMs() const {
    return m_originMs + std::int64_t(double(m_timer.nsecsElapsed()) / 1e6 * m_speed);
}

} // namespace dw
