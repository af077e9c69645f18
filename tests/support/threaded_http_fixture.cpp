#include "threaded_http_fixture.h"

#include "util/thread_handoff.h"

ThreadedHttpFixture::ThreadedHttpFixture() {
    m_thread.setObjectName("http-fixture");
    m_anchor.moveToThread(&m_thread);
    m_thread.start();
    run([this] { m_fixture = std::make_unique<HttpFixture>(); });
}

ThreadedHttpFixture::~ThreadedHttpFixture() {
    run([this] { m_fixture.reset(); });
    m_thread.quit();
    m_thread.wait();
}

void ThreadedHttpFixture::route(const QByteArray& path, HttpFixture::Response response) {
    run([&] { m_fixture->route(path, std::move(response)); });
}

QString ThreadedHttpFixture::url(const QByteArray& path) const {
    QString out;
    run([&] { out = m_fixture->url(path); });
    return out;
}

void ThreadedHttpFixture::run(const std::function<void()>& work) const {
    dw::invokeOn(const_cast<QObject*>(&m_anchor), work, Qt::BlockingQueuedConnection);
}
