#include "fuzz_target.h"

#include "lint/metrics_linter.h"
#include "parser/exposition_parser.h"
#include "parser/exposition_validator.h"
#include "store/scrape_ingester.h"

#include <cstdlib>

void fuzzExpositionInput(const std::uint8_t* data, std::size_t size) {
    using namespace dw;
    if (size == 0) return;
    const ExpositionFormat format =
        (data[0] & 1) ? ExpositionFormat::OpenMetrics1 : ExpositionFormat::Text004;
    const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);

    ParseLimits limits;
    limits.maxLabels = 16;
    limits.maxLineLength = 4096;
    ExpositionParser parser(ParseOptions{false, limits});
    parser.reset(body, format);
    for (auto entry = parser.next(); entry != ExpositionParser::Entry::End; entry = parser.next()) {
        if (entry == ExpositionParser::Entry::Invalid) {
            // Errors must point inside the input.
            if (parser.error().line < 1 || parser.error().column < 1) std::abort();
            break;
        }
        if (entry == ExpositionParser::Entry::Series) {
            for (const auto& label : parser.labels())
                if (label.rawValue.data() < body.data() ||
                    label.rawValue.data() + label.rawValue.size() > body.data() + body.size())
                    std::abort();
            (void)parser.duplicateLabelName();
        }
    }
    const auto errors = validateExposition(body, format, limits, 20);
    LintOptions options;
    options.policy = &LabelPolicy::compozyDefault();
    options.limits = limits;
    (void)lintExposition(body, format, options);

    SeriesStore store;
    ScrapeIngester ingester(store, {{"job", "fuzz"}}, ParseOptions{false, limits});
    const auto first = ingester.ingest(body, format, 1000);
    const auto second = ingester.ingest(body, format, 2000);
    // The same body scraped twice creates no series the second time.
    if (first.ok && second.ok && second.newSeries != 0) std::abort();
    if (first.ok != second.ok) std::abort();
    (void)errors;
}
