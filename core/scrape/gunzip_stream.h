#pragma once

#include <QByteArray>
#include <cstddef>
#include <string>

struct z_stream_s;

namespace dw {

// Decompresses a gzip body chunk by chunk as it arrives, appending to an output buffer and stopping the
// moment the output would pass a limit, so a small compressed body can never expand without bound
// (a "gzip bomb"). Thread-safety: none.
class GunzipStream {
public:
    explicit GunzipStream(std::size_t outputLimit);
    ~GunzipStream();
    GunzipStream(const GunzipStream&) = delete;
    GunzipStream& operator=(const GunzipStream&) = delete;

    enum class Status { Ok, Done, LimitExceeded, Corrupt };
    Status feed(const char* data, std::size_t size, QByteArray& output);
    const std::string& error() const { return m_error; }

private:
    z_stream_s* m_stream;
    std::size_t m_limit;
    bool m_done = false;
    std::string m_error;
};

} // namespace dw
