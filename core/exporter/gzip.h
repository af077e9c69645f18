#pragma once

#include <QByteArray>

namespace dw {

// Compresses a body in the gzip format (RFC 1952) for HTTP Content-Encoding: gzip, with zlib.
QByteArray gzipCompress(const QByteArray& data, int level = 1);

} // namespace dw
