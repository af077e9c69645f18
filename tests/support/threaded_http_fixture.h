#pragma once

#include "http_fixture.h"

#include <QObject>
#include <QThread>
#include <functional>
#include <memory>

// An HttpFixture on a thread of its own, for tests and benchmarks whose thread must stay free (a window
// whose responsiveness is measured, a body of hundreds of megabytes being sent). The fixture, and
// whatever run() creates, lives and dies on that thread; every method waits until it is done there.
// Thread-safety: call it from one thread, the one that created it.
class ThreadedHttpFixture {
public:
    ThreadedHttpFixture();
    ~ThreadedHttpFixture();
    ThreadedHttpFixture(const ThreadedHttpFixture&) = delete;
    ThreadedHttpFixture& operator=(const ThreadedHttpFixture&) = delete;

    void route(const QByteArray& path, HttpFixture::Response response);
    QString url(const QByteArray& path) const;
    // Runs work on the fixture's thread and waits for it; what it creates there must be destroyed there
    // (with another run(), before the fixture is destroyed).
    void run(const std::function<void()>& work) const;
    // The fixture itself, for code that runs on its thread (in run(), or a timer created there).
    HttpFixture& fixture() { return *m_fixture; }

private:
    QThread m_thread;
    QObject m_anchor;
    std::unique_ptr<HttpFixture> m_fixture;
};
