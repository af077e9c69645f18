#include "scrape/gunzip_stream.h"

#include <zlib.h>

namespace dw {

GunzipStream::GunzipStream(std::size_t outputLimit) : m_stream(new z_stream{}), m_limit(outputLimit) {
    inflateInit2(m_stream, 15 + 16); // gzip wrapper only
}

GunzipStream::~GunzipStream() {
    inflateEnd(m_stream);
    delete m_stream;
}

GunzipStream::Status GunzipStream::feed(const char* data, std::size_t size, QByteArray& output) {
    if (m_done) return size == 0 ? Status::Done : Status::Corrupt;
    m_stream->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    m_stream->avail_in = uInt(size);
    char buffer[16384];
    while (m_stream->avail_in > 0) {
        m_stream->next_out = reinterpret_cast<Bytef*>(buffer);
        m_stream->avail_out = sizeof buffer;
        const int result = inflate(m_stream, Z_NO_FLUSH);
        const std::size_t produced = sizeof buffer - m_stream->avail_out;
        if (std::size_t(output.size()) + produced > m_limit) return Status::LimitExceeded;
        output.append(buffer, qsizetype(produced));
        if (result == Z_STREAM_END) {
            m_done = true;
            return Status::Done;
        }
        if (result != Z_OK && result != Z_BUF_ERROR) {
            m_error = m_stream->msg ? m_stream->msg : "invalid gzip data";
            return Status::Corrupt;
        }
        if (result == Z_BUF_ERROR && produced == 0) break; // needs more input
    }
    return Status::Ok;
}

} // namespace dw
