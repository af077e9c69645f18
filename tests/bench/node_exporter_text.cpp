#include "node_exporter_text.h"

#include <cstdio>

namespace dw::bench {

namespace {

class Writer {
public:
    Writer(std::string& out, std::uint32_t variant) : m_out(out), m_variant(variant) {}

    void family(const char* name, const char* type, const char* help) {
        m_out += "# HELP ";
        m_out += name;
        m_out += ' ';
        m_out += help;
        m_out += "\n# TYPE ";
        m_out += name;
        m_out += ' ';
        m_out += type;
        m_out += '\n';
    }
    // A counter that grows by a series-specific rate per scrape; floats, like node-exporter's seconds.
    void counter(const std::string& series, double base, double perScrape) {
        sample(series, base + perScrape * m_variant, true);
    }
    void gauge(const std::string& series, double value) { sample(series, value, false); }
    std::size_t count() const { return m_count; }

private:
    void sample(const std::string& series, double value, bool fractional) {
        char buffer[64];
        const int n = fractional ? std::snprintf(buffer, sizeof buffer, " %.2f\n", value)
                                 : std::snprintf(buffer, sizeof buffer, " %.17g\n", value);
        m_out += series;
        m_out.append(buffer, std::size_t(n));
        ++m_count;
    }

    std::string& m_out;
    std::uint32_t m_variant;
    std::size_t m_count = 0;
};

} // namespace

std::string nodeExporterText(std::size_t targetSeries, std::uint32_t variant) {
    constexpr std::size_t kSeriesPerNode = 256 + 24 + 16 + 24 + 1 + 56 + 7;
    const std::size_t nodes = (targetSeries + kSeriesPerNode - 1) / kSeriesPerNode;
    std::string out;
    out.reserve(targetSeries * 120);
    Writer w(out, variant);
    // As if one body held many node exporters (a federation endpoint): every family once, with one
    // block of series per node inside it.
    auto node = [](std::size_t n) { return "instance=\"node" + std::to_string(n) + ":9100\""; };
    const char* modes[] = {"idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"};
    const char* fsTypes[] = {"ext4", "xfs", "tmpfs", "vfat"};
    const char* les[] = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
                         "0.5",   "1",    "2.5",   "5",    "10",  "+Inf"};

    w.family("node_cpu_seconds_total", "counter", "Seconds the CPUs spent in each mode.");
    for (std::size_t n = 0; n < nodes; ++n)
        for (int cpu = 0; cpu < 32; ++cpu)
            for (int m = 0; m < 8; ++m)
                w.counter("node_cpu_seconds_total{cpu=\"" + std::to_string(cpu) + "\"," + node(n) +
                              ",mode=\"" + modes[m] + "\"}",
                          123456.78 + cpu * 1000 + m * 17, m == 0 ? 14.1 + cpu * 0.01 : 0.37 * (m + 1));
    w.family("node_network_receive_bytes_total", "counter", "Network device statistic receive_bytes.");
    for (std::size_t n = 0; n < nodes; ++n)
        for (int dev = 0; dev < 24; ++dev)
            w.counter("node_network_receive_bytes_total{device=\"eth" + std::to_string(dev) + "\"," +
                          node(n) + "}",
                      9.87654321e10 + dev * 1e6, 1.25e6 + dev * 3);
    w.family("node_disk_io_time_seconds_total", "counter", "Total seconds spent doing I/Os.");
    for (std::size_t n = 0; n < nodes; ++n)
        for (int dev = 0; dev < 16; ++dev)
            w.counter("node_disk_io_time_seconds_total{device=\"nvme" + std::to_string(dev) + "n1\"," +
                          node(n) + "}",
                      4567.89 + dev, 0.12);
    w.family("node_filesystem_avail_bytes", "gauge",
             "Filesystem space available to non-root users in bytes.");
    for (std::size_t n = 0; n < nodes; ++n)
        for (int fs = 0; fs < 24; ++fs)
            w.gauge("node_filesystem_avail_bytes{device=\"/dev/sda" + std::to_string(fs) + "\",fstype=\"" +
                        fsTypes[fs % 4] + "\"," + node(n) + ",mountpoint=\"/mnt/data" + std::to_string(fs) +
                        "\"}",
                    2.5e11 - fs * 4096.0 * 1000 - double(variant) * 4096.0 * (fs % 3));
    w.family("node_memory_Active_bytes", "gauge", "Memory information field Active_bytes.");
    for (std::size_t n = 0; n < nodes; ++n)
        w.gauge("node_memory_Active_bytes{" + node(n) + "}", 8.123e9 + double(variant % 7) * 4096);
    w.family("http_request_duration_seconds", "histogram", "A histogram of request latencies.");
    for (std::size_t n = 0; n < nodes; ++n) {
        for (int handler = 0; handler < 4; ++handler) {
            const std::string labels = "handler=\"/api/v1/h" + std::to_string(handler) + "\"," + node(n);
            for (int b = 0; b < 12; ++b)
                w.gauge("http_request_duration_seconds_bucket{" + labels + ",le=\"" + les[b] + "\"}",
                        double(100 * (b + 1) + variant * (b + 1)));
            w.counter("http_request_duration_seconds_sum{" + labels + "}", 1234.5, 2.25);
            w.gauge("http_request_duration_seconds_count{" + labels + "}", double(1200 + variant * 12));
        }
    }
    w.family("go_gc_duration_seconds", "summary", "A summary of the pause duration of GC cycles.");
    for (std::size_t n = 0; n < nodes; ++n) {
        for (const char* q : {"0", "0.25", "0.5", "0.75", "1"})
            w.gauge("go_gc_duration_seconds{" + node(n) + ",quantile=\"" + q + "\"}", 2.1e-05);
        w.counter("go_gc_duration_seconds_sum{" + node(n) + "}", 0.5, 0.001);
        w.gauge("go_gc_duration_seconds_count{" + node(n) + "}", double(4000 + variant));
    }
    return out;
}

} // namespace dw::bench
