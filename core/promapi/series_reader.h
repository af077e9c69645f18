#pragma once

#include "promapi/api_call.h"
#include "promapi/api_decode.h"

#include <QByteArray>
#include <string>

namespace dw::api {

// Reads an API answer whose data is a matrix or vector straight from its JSON text, without building a
// document: the envelope (status, errorType, error, warnings, infos) into response and every series
// through visit, reusing one label vector and one sample vector. The first load of a fleet is hundreds of
// megabytes of such JSON; a DOM of it costs more than everything else the source does. Any other shape
// (or text that is not JSON) is an error naming the byte where reading stopped. Pure; thread-safe.
bool readSeries(const QByteArray& body, const SeriesVisitor& visit, ApiResponse& response,
                std::string& error);

} // namespace dw::api
