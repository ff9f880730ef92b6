// The code index's speed: a source tree of 100,000 lines indexed in under 10 s, indexed again
// unchanged in under 1 s, and a retrieval in under 50 ms.
//   codeindex_bench [--lines N] [--runs R] [--keep FOLDER]
// Writes a synthetic tree of N lines (Python, JavaScript, TypeScript, Go, Java, C++, Rust, with some
// Markdown and YAML, a .gitignore and a node_modules folder to skip) into a temporary folder (into
// FOLDER with --keep), then times in-process: the first index into a new database, an update with
// nothing changed, an update after one file changed, and retrievals (median and max of R, each with
// the terms an advisor step builds: endpoints, operation ids and fault words). Prints a Markdown
// table, then the index's size and the peak resident size.

#include "advisor/CodeIndex.h"

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>

namespace
{
const QStringList Resources{
    QStringLiteral("user"),     QStringLiteral("order"),   QStringLiteral("payment"), QStringLiteral("invoice"),
    QStringLiteral("product"),  QStringLiteral("cart"),    QStringLiteral("session"), QStringLiteral("account"),
    QStringLiteral("shipment"), QStringLiteral("review"),  QStringLiteral("coupon"),  QStringLiteral("refund"),
    QStringLiteral("tenant"),   QStringLiteral("webhook"), QStringLiteral("report"),  QStringLiteral("inventory"),
};
const QStringList Verbs{
    QStringLiteral("create"), QStringLiteral("read"),     QStringLiteral("update"),  QStringLiteral("delete"),
    QStringLiteral("list"),   QStringLiteral("validate"), QStringLiteral("publish"), QStringLiteral("retry"),
};
const QStringList Methods{QStringLiteral("post"),   QStringLiteral("get"), QStringLiteral("put"),
                          QStringLiteral("delete"), QStringLiteral("get"), QStringLiteral("post"),
                          QStringLiteral("post"),   QStringLiteral("put")};

QString capitalized(const QString& word)
{
    return word.left(1).toUpper() + word.mid(1);
}

// Writes one file of about targetLines lines in the language of its suffix; returns its lines.
int writeSource(const QString& path, const QString& suffix, int targetLines, QRandomGenerator& random)
{
    QStringList lines;
    int function = 0;
    while (lines.size() < targetLines) {
        const QString resource = Resources.at(random.bounded(Resources.size()));
        const int verbIndex = random.bounded(Verbs.size());
        const QString verb = Verbs.at(verbIndex);
        const QString method = Methods.at(verbIndex);
        const QString name = QStringLiteral("%1_%2_%3").arg(verb, resource).arg(function++);
        const QString camel = verb + capitalized(resource) + QString::number(function);
        // Mostly short handlers, some long enough to be cut in windows.
        const int bodyLines = random.bounded(100) < 5 ? 90 + random.bounded(60) : 4 + random.bounded(30);
        QStringList body;
        for (int line = 0; line < bodyLines; ++line) {
            switch (line % 4) {
            case 0:
                body.append(
                    QStringLiteral("%1_count = fetch_%2(client, timeout=%3)").arg(resource).arg(line).arg(line * 10));
                break;
            case 1:
                body.append(QStringLiteral("log(\"%1 %2: latency {} ms\", elapsed)").arg(verb, resource));
                break;
            case 2:
                body.append(QStringLiteral("retry_with_backoff(%1_count, attempts=%2)").arg(resource).arg(line % 5));
                break;
            default:
                body.append(QStringLiteral("total += %1_count * %2").arg(resource).arg(line));
                break;
            }
        }
        if (suffix == QLatin1String("py")) {
            lines << QStringLiteral("@app.%1(\"/%2s/{%2_id}\")").arg(method, resource)
                  << QStringLiteral("async def %1(%2_id: int, db: Session = Depends(get_db)):").arg(name, resource);
            for (const QString& line : body) {
                lines << QStringLiteral("    ") + line;
            }
            lines << QStringLiteral("    return total") << QString();
        } else if (suffix == QLatin1String("js") || suffix == QLatin1String("ts")) {
            lines << QStringLiteral("// %1 a %2.").arg(capitalized(verb), resource)
                  << QStringLiteral("router.%1('/%2s/:id', async (req, res) => {").arg(method, resource);
            for (const QString& line : body) {
                lines << QStringLiteral("  const x%1 = %2;").arg(lines.size()).arg(line);
            }
            lines << QStringLiteral("  res.json({ total })") << QStringLiteral("})") << QString();
            lines << QStringLiteral("export function %1(input) {").arg(camel) << QStringLiteral("  return `${input}`;")
                  << QStringLiteral("}") << QString();
        } else if (suffix == QLatin1String("go")) {
            if (lines.isEmpty()) {
                lines << QStringLiteral("package api") << QString();
            }
            lines << QStringLiteral("// %1 handles %2 /%3s.").arg(capitalized(camel), method.toUpper(), resource)
                  << QStringLiteral("func (s *Server) %1(w http.ResponseWriter, r *http.Request) {")
                         .arg(capitalized(camel));
            for (const QString& line : body) {
                lines << QStringLiteral("\tx := %1").arg(line);
            }
            lines << QStringLiteral("}") << QString();
        } else if (suffix == QLatin1String("java")) {
            if (lines.isEmpty()) {
                lines << QStringLiteral("package com.example;") << QString() << QStringLiteral("@RestController")
                      << QStringLiteral("public class %1Controller {").arg(capitalized(resource));
            }
            lines << QStringLiteral("    @%1Mapping(\"/%2s\")").arg(capitalized(method), resource)
                  << QStringLiteral("    public ResponseEntity<%1> %2(@RequestBody %1 body) {")
                         .arg(capitalized(resource), camel);
            for (const QString& line : body) {
                lines << QStringLiteral("        var x = %1;").arg(line);
            }
            lines << QStringLiteral("    }") << QString();
        } else if (suffix == QLatin1String("cpp")) {
            lines << QStringLiteral("// %1 a %2.").arg(capitalized(verb), resource)
                  << QStringLiteral("HttpResponse %1Service::%2(const HttpRequest& request)")
                         .arg(capitalized(resource), camel)
                  << QStringLiteral("{");
            for (const QString& line : body) {
                lines << QStringLiteral("    auto x = %1;").arg(line);
            }
            lines << QStringLiteral("}") << QString();
        } else if (suffix == QLatin1String("rs")) {
            lines << QStringLiteral("/// %1 a %2.").arg(capitalized(verb), resource)
                  << QStringLiteral("pub async fn %1(req: HttpRequest) -> impl Responder {").arg(name);
            for (const QString& line : body) {
                lines << QStringLiteral("    let x = %1;").arg(line);
            }
            lines << QStringLiteral("}") << QString();
        } else if (suffix == QLatin1String("md")) {
            lines << QStringLiteral("## %1 %2").arg(method.toUpper(), resource) << QString();
            for (const QString& line : body) {
                lines << QStringLiteral("The %1 endpoint calls `%2`.").arg(resource, line);
            }
            lines << QString();
        } else {
            lines << QStringLiteral("%1:").arg(name);
            for (const QString& line : body) {
                lines << QStringLiteral("  - \"%1\"").arg(QString(line).replace(u'"', u'\''));
            }
        }
    }
    if (suffix == QLatin1String("java")) {
        lines << QStringLiteral("}");
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        qFatal("cannot write %s", qPrintable(path));
    }
    file.write(lines.join(u'\n').toUtf8() + '\n');
    return static_cast<int>(lines.size());
}

// Returns the files written.
int writeTree(const QString& root, int totalLines)
{
    QRandomGenerator random(20261207);
    const QStringList suffixes{QStringLiteral("py"), QStringLiteral("js"),   QStringLiteral("ts"),
                               QStringLiteral("go"), QStringLiteral("java"), QStringLiteral("cpp"),
                               QStringLiteral("rs"), QStringLiteral("py"),   QStringLiteral("ts"),
                               QStringLiteral("md"), QStringLiteral("yaml")};
    int lines = 0;
    int files = 0;
    while (lines < totalLines) {
        const QString suffix = suffixes.at(files % suffixes.size());
        const QString path = QStringLiteral("%1/service%2/module%3/%4_%5.%6")
                                 .arg(root)
                                 .arg(files % 7)
                                 .arg(files % 23)
                                 .arg(Resources.at(files % Resources.size()))
                                 .arg(files)
                                 .arg(suffix);
        lines += writeSource(path, suffix, std::min(totalLines - lines, 60 + random.bounded(200)), random);
        ++files;
    }
    // Skipped by the scanner, so not counted.
    writeSource(root + QStringLiteral("/node_modules/lib/index.js"), QStringLiteral("js"), 500, random);
    writeSource(root + QStringLiteral("/generated/out.py"), QStringLiteral("py"), 500, random);
    QFile ignore(root + QStringLiteral("/.gitignore"));
    if (ignore.open(QIODevice::WriteOnly)) {
        ignore.write("/generated/\n*.log\n");
    }
    return files;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

QString row(const QString& step, double milliseconds, const QString& goal, bool met)
{
    return QStringLiteral("| %1 | %2 | %3 | %4 |")
        .arg(step, QString::number(milliseconds, 'f', 1), goal, met ? QStringLiteral("yes") : QStringLiteral("**no**"));
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication application(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("lines"), QStringLiteral("Lines of source to write."), QStringLiteral("N"),
                      QStringLiteral("100000")});
    parser.addOption(
        {QStringLiteral("runs"), QStringLiteral("Retrievals to time."), QStringLiteral("R"), QStringLiteral("20")});
    parser.addOption({QStringLiteral("keep"), QStringLiteral("Write the tree and the index into FOLDER."),
                      QStringLiteral("FOLDER")});
    parser.process(application);
    const int totalLines = parser.value(QStringLiteral("lines")).toInt();
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());

    QTemporaryDir temporary;
    const QString work = parser.isSet(QStringLiteral("keep")) ? parser.value(QStringLiteral("keep")) : temporary.path();
    const QString source = work + QStringLiteral("/src");
    const QString database = work + QStringLiteral("/index.sqlite");
    QDir(source).removeRecursively();
    QFile::remove(database);
    QElapsedTimer timer;
    timer.start();
    const int files = writeTree(source, totalLines);
    std::printf("wrote %d lines in %d files (%lld ms)\n\n", totalLines, files, static_cast<long long>(timer.elapsed()));

    CodeIndex index(database);
    QString error;
    CodeIndex::UpdateStatistics first;
    timer.start();
    if (!index.update(source, &first, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const double firstMs = timer.nsecsElapsed() / 1e6;

    CodeIndex::UpdateStatistics unchanged;
    timer.start();
    index.update(source, &unchanged, &error);
    const double unchangedMs = timer.nsecsElapsed() / 1e6;

    QFile touched(source + QStringLiteral("/service0/module0/user_0.py"));
    if (touched.open(QIODevice::Append)) {
        touched.write("\n\ndef added_later():\n    return 1\n");
        touched.close();
    }
    CodeIndex::UpdateStatistics oneChanged;
    timer.start();
    index.update(source, &oneChanged, &error);
    const double oneChangedMs = timer.nsecsElapsed() / 1e6;

    QList<double> retrievals;
    int results = 0;
    for (int run = 0; run < runs; ++run) {
        const QString resource = Resources.at(run % Resources.size());
        const QStringList terms{QStringLiteral("POST /%1s/").arg(resource),
                                QStringLiteral("create_%1").arg(resource),
                                QStringLiteral("GET /%1s/{%1_id}").arg(resource),
                                QStringLiteral("read%1").arg(capitalized(resource)),
                                QStringLiteral("latency"),
                                QStringLiteral("timeout")};
        timer.start();
        const QList<CodeChunk> chunks = index.search(terms, 12, &error);
        retrievals.append(timer.nsecsElapsed() / 1e6);
        results += static_cast<int>(chunks.size());
    }
    const double retrievalMs = median(retrievals);

    std::printf("| step | ms | goal | met |\n|---|---:|---|---|\n");
    std::printf(
        "%s\n",
        qPrintable(row(QStringLiteral("first index (%1 files, %2 chunks)").arg(first.filesIndexed).arg(first.chunks),
                       firstMs, QStringLiteral("< 10,000"), firstMs < 10'000)));
    std::printf("%s\n",
                qPrintable(row(QStringLiteral("index again, unchanged (%1 unchanged)").arg(unchanged.filesUnchanged),
                               unchangedMs, QStringLiteral("< 1,000"), unchangedMs < 1'000)));
    std::printf(
        "%s\n",
        qPrintable(row(QStringLiteral("index again, one file changed (%1 indexed)").arg(oneChanged.filesIndexed),
                       oneChangedMs, QStringLiteral("(none)"), true)));
    std::printf("%s\n",
                qPrintable(row(QStringLiteral("retrieval, median of %1 (max %2 ms, %3 chunks each)")
                                   .arg(runs)
                                   .arg(*std::max_element(retrievals.begin(), retrievals.end()), 0, 'f', 1)
                                   .arg(results / runs),
                               retrievalMs, QStringLiteral("< 50"), retrievalMs < 50)));
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("\nindex size: %.1f MB; peak resident size: %ld MB\n", QFileInfo(database).size() / 1e6,
                usage.ru_maxrss / 1024);
    return 0;
}
