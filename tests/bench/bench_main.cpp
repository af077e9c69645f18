// dw_bench NAME [ARGS]: DispatchWatch's benchmarks. Each prints "NAME: VALUE UNIT" lines.

#include "bench_report.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#ifdef DW_HAVE_GUI
#include <QApplication>
#endif
#include <QStringList>
#include <cstdio>
#include <string_view>

int main(int argc, char* argv[]) {
    QElapsedTimer sinceStart;
    sinceStart.start();
#ifdef DW_HAVE_GUI
    if (argc > 1 && std::string_view(argv[1]) == "ui") {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        return dw::bench::runUiBench(QCoreApplication::arguments().mid(2), sinceStart);
    }
    if (argc > 1 && std::string_view(argv[1]) == "soak") {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        return dw::bench::runSoakBench(QCoreApplication::arguments().mid(2));
    }
    if (argc > 1 && std::string_view(argv[1]) == "dashboard") {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        return dw::bench::runDashboardBench(QCoreApplication::arguments().mid(2));
    }
#endif
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const QString name = arguments.size() > 1 ? arguments[1] : QString();
    const QStringList rest = arguments.mid(2);
    if (name == "parse") return dw::bench::runParseBench(rest);
    if (name == "store") return dw::bench::runStoreBench(rest);
    if (name == "generate") return dw::bench::runGenerate(rest);
    if (name == "exporter") return dw::bench::runExporterBench(rest);
    if (name == "scrape") return dw::bench::runScrapeBench(rest);
    if (name == "scrape-memory") return dw::bench::runScrapeMemoryBench(rest);
    if (name == "query") return dw::bench::runQueryBench(rest);
    if (name == "promql-parse") return dw::bench::runPromqlParseBench(rest);
    if (name == "recording") return dw::bench::runRecordingBench(rest);
    if (name == "prometheus-source") return dw::bench::runPrometheusSourceBench(rest);
    if (name == "serve-targets") return dw::bench::runServeTargets(rest);
    if (name == "validate") return dw::bench::runValidateBench(rest);
    if (name == "all") return dw::bench::runAllBench(rest);
    std::fprintf(
        stderr,
        "usage: dw_bench NAME [ARGS]\n"
        "  all [--quick]           every benchmark below, in a few minutes; one table of figures and goals\n"
        "  generate OUT [SERIES]   write a node-exporter-like body (default 125000 series, about 10.6 MB)\n"
        "  parse FILE [SECONDS]    parse a body repeatedly into the store (steady state), and time\n"
        "                          'promtool check metrics' on the same file when promtool is installed\n"
        "  validate FILE [RUNS]    'dispatchwatch validate' on FILE, a whole process, beside promtool\n"
        "  store [SERIES] [HOURS]  bytes per stored sample for regularly scraped counters and gauges\n"
        "  exporter [DISPATCHERS]  time to serve one scrape of the Compozy demo (default 100 dispatchers)\n"
        "  scrape N M [SECONDS] [INTERVAL_MS]  CPU per million samples scraping N targets of M series\n"
        "  scrape-memory N M [SCRAPES]         resident memory with one hour of retention (240 scrapes)\n"
        "  ui [DISPATCHERS]        the dashboard with 100 dispatchers and 1 h of 1 s data: start-up,\n"
        "                          snapshot build, refresh of every chart, resident memory\n"
        "  dashboard [DISPATCHERS] a Grafana dashboard of 30 panels and 1,000 lines: open to first paint,\n"
        "                          the UI thread's share of a refresh\n"
        "  soak [--minutes N] [--speed S] [--check]  the window and record left open for days of the demo\n"
        "                          (default 10 min at 120x): memory, threads, files, UI stalls, missed\n"
        "                          scrapes, the recording verified; --check exits 1 when a goal is missed\n"
        "  promql-parse [RUNS]     microseconds per PromQL parse, Prometheus 3's grammar and 2's\n"
        "  query [SERIES] [REPEATS] [--no-prometheus]  range queries over 1 h of 15 s data, ours and the\n"
        "                          local Prometheus's on the same data (default 10000 series, 7 repeats)\n"
        "  recording [DISPATCHERS] [SECONDS]  bytes per sample of the Compozy demo recorded at 1 s, and the\n"
        "                          replay of that recording through the full pipeline (default 100, 3600)\n"
        "  prometheus-source [JOBS] [DISPATCHERS]  a Compozy fleet (default 100 x 100, 1 h at 15 s) "
        "backfilled\n"
        "                          into the local Prometheus and watched through its API: first snapshot,\n"
        "                          bytes and CPU per refresh beside a full re-query, resident memory\n");
    return 2;
}
