#pragma once

#include <QMetaObject>
#include <QObject>
#include <type_traits>
#include <utility>

// ThreadSanitizer sees std::mutex, std::thread and atomics, but not the locks inside Debian's Qt, which is
// not built with it: a call queued to an object of another thread looks to it like a race between what the
// caller put into the call and what the callee reads. invokeOn() tells TSan about that hand-off (and, for
// a blocking call, about the way back); without TSan it is QMetaObject::invokeMethod. Nothing is
// suppressed: the happens-before TSan is told is the one Qt's event queue provides.
#if defined(__SANITIZE_THREAD__)
#define DW_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define DW_THREAD_SANITIZER 1
#endif
#endif

#ifdef DW_THREAD_SANITIZER
extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);
#endif

namespace dw {

// What this thread wrote before tsanRelease(p) happens before what another reads after tsanAcquire(p).
inline void tsanRelease([[maybe_unused]] const void* p) {
#ifdef DW_THREAD_SANITIZER
    __tsan_release(const_cast<void*>(p));
#endif
}
inline void tsanAcquire([[maybe_unused]] const void* p) {
#ifdef DW_THREAD_SANITIZER
    __tsan_acquire(const_cast<void*>(p));
#endif
}

// A functor handed to another thread: released where it is built (Qt moves it into its queued call last,
// on the caller's thread), acquired where it runs; and released again after it ran, acquired where it is
// destroyed (Qt's call is reference-counted, so the caller's thread may be the one to destroy it).
template<class F> class HandedOff {
public:
    explicit HandedOff(F f) : m_f(std::move(f)) { tsanRelease(this); }
    HandedOff(HandedOff&& other) noexcept : m_f(std::move(other.m_f)) { tsanRelease(this); }
    HandedOff(const HandedOff& other) : m_f(other.m_f) { tsanRelease(this); }
    HandedOff& operator=(const HandedOff&) = delete;
    HandedOff& operator=(HandedOff&&) = delete;
    ~HandedOff() { tsanAcquire(this); }
    void operator()() {
        tsanAcquire(this);
        m_f();
        tsanRelease(this);
    }

private:
    F m_f;
};

// QMetaObject::invokeMethod(context, f, type) for a functor returning nothing, with the hand-off to
// context's thread (and, for Qt::BlockingQueuedConnection, back) told to ThreadSanitizer.
template<class F> bool invokeOn(QObject* context, F&& f, Qt::ConnectionType type = Qt::AutoConnection) {
    if (type != Qt::BlockingQueuedConnection)
        return QMetaObject::invokeMethod(context, HandedOff<std::decay_t<F>>(std::forward<F>(f)), type);
    char done = 0; // its address: what the call wrote happens before the caller goes on
    auto call = [&f, &done] {
        f();
        tsanRelease(&done);
    };
    const bool invoked = QMetaObject::invokeMethod(context, HandedOff<decltype(call)>(std::move(call)), type);
    tsanAcquire(&done);
    return invoked;
}

} // namespace dw
