#include "recording/snapshot_import.h"

#include "parser/exposition_format.h"
#include "parser/exposition_parser.h"

#include <QDateTime>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <algorithm>

namespace dw {

namespace {

QByteArray readAll(const QString& path, QString& error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error = path + ": " + file.errorString();
        return {};
    }
    return file.readAll();
}

// The instance a snapshot is recorded under: its folder's name, or its own name without the time.
QString instanceFor(const QFileInfo& info, bool inFolder) {
    if (inFolder) return info.dir().dirName();
    QString stem = info.completeBaseName();
    stem.remove(QRegularExpression(R"([-_.]?(\d{4}-\d{2}-\d{2}[T_ ]?[\d:\-.]*Z?|\d{10,13}))"));
    return stem.isEmpty() ? info.completeBaseName() : stem;
}

ImportedSnapshot examine(const QString& path, bool inFolder) {
    ImportedSnapshot s;
    s.path = path;
    const QFileInfo info(path);
    s.target = "import/" + instanceFor(info, inFolder);
    QString readError;
    const QByteArray body = readAll(path, readError);
    std::optional<std::int64_t> latest;
    const std::string_view text(body.constData(), std::size_t(body.size()));
    ExpositionParser parser;
    parser.reset(text, guessFormatFromBody(text));
    for (;;) {
        const auto entry = parser.next();
        if (entry == ExpositionParser::Entry::Invalid) {
            s.parseError = QString::fromStdString(parser.error().format(path.toStdString()));
            break;
        }
        if (entry == ExpositionParser::Entry::End || entry == ExpositionParser::Entry::Eof) break;
        if (entry == ExpositionParser::Entry::Series && parser.hasTimestamp())
            latest = std::max(latest.value_or(parser.timestampMs()), parser.timestampMs());
    }
    if (latest) {
        s.timeMs = *latest;
        s.timeSource = "timestamps in the file";
    } else if (const auto named = timeFromFileName(info.fileName())) {
        s.timeMs = *named;
        s.timeSource = "the file name";
    } else {
        s.timeMs = info.lastModified().toMSecsSinceEpoch();
        s.timeSource = "the modification time";
    }
    return s;
}

} // namespace

std::optional<std::int64_t> timeFromFileName(const QString& fileName) {
    static const QRegularExpression iso(
        R"((\d{4})-(\d{2})-(\d{2})[T_ ](\d{2})[:\-]?(\d{2})[:\-]?(\d{2})(\.\d+)?(Z|[+\-]\d{2}:?\d{2})?)");
    if (const auto m = iso.match(fileName); m.hasMatch()) {
        QString text = QStringLiteral("%1-%2-%3T%4:%5:%6%7")
                           .arg(m.captured(1), m.captured(2), m.captured(3), m.captured(4), m.captured(5),
                                m.captured(6), m.captured(7));
        QString zone = m.captured(8);
        if (zone.size() == 5) zone.insert(3, ':');
        text += zone.isEmpty() ? "Z" : zone; // a time without a zone in a file name is taken as UTC
        const QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (at.isValid()) return at.toMSecsSinceEpoch();
    }
    static const QRegularExpression unix(R"((?<!\d)(\d{10}|\d{13})(?!\d))");
    if (const auto m = unix.match(fileName); m.hasMatch()) {
        const qint64 n = m.captured(1).toLongLong();
        return m.captured(1).size() == 13 ? n : n * 1000;
    }
    return std::nullopt;
}

std::vector<ImportedSnapshot> findSnapshots(const QStringList& paths, QString& error) {
    std::vector<ImportedSnapshot> out;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (!info.exists()) {
            error = path + ": no such file or folder";
            return {};
        }
        if (info.isDir()) {
            QStringList files;
            QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                files << it.next();
            files.sort();
            for (const QString& file : files)
                out.push_back(examine(file, true));
        } else {
            out.push_back(examine(path, false));
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const ImportedSnapshot& a, const ImportedSnapshot& b) {
        return a.timeMs < b.timeMs;
    });
    return out;
}

bool writeSnapshots(const std::vector<ImportedSnapshot>& snapshots, RecordingWriter& writer, QString& error) {
    for (const ImportedSnapshot& s : snapshots) {
        RecordedTarget target;
        const QString instance = s.target.section('/', 1);
        target.url = QUrl::fromLocalFile(QFileInfo(s.path).absolutePath()).toString().toStdString();
        target.job = "import";
        target.labels = {{"instance", instance.toStdString()}, {"job", "import"}};
        RecordedScrape scrape;
        scrape.target = writer.target(target);
        scrape.timestampMs = s.timeMs;
        scrape.ok = true; // received; whether it parses is for the pipeline to say, as live
        scrape.status = 200;
        const QByteArray body = readAll(s.path, error);
        if (!error.isEmpty()) return false;
        scrape.body.assign(body.constData(), std::size_t(body.size()));
        scrape.bodySize = body.size();
        const std::string_view text(scrape.body);
        scrape.contentType = guessFormatFromBody(text) == ExpositionFormat::OpenMetrics1
                                 ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                 : "text/plain; version=0.0.4; charset=utf-8";
        if (!writer.write(scrape)) {
            error = QString::fromStdString(writer.error());
            return false;
        }
    }
    return true;
}

} // namespace dw
