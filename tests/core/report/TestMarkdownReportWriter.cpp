#include "ReportTestSupport.h"
#include "report/MarkdownReportWriter.h"
#include "support/FileContents.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <QFile>
#include <QTest>

using namespace ReportTestSupport;

namespace
{
struct ParsedTable
{
    int rows = 0; // the header included
    QList<int> cellsPerRow;
    QString firstCell;
};

// The text of a node and its children.
QString textOf(cmark_node* node)
{
    QString text;
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
        if (cmark_node_get_type(child) == CMARK_NODE_SOFTBREAK) {
            text += QLatin1Char('\n');
        } else if (const char* literal = cmark_node_get_literal(child)) {
            text += QString::fromUtf8(literal);
        }
        text += textOf(child);
    }
    return text;
}

// Reads markdown back with cmark-gfm, as GitHub would, and returns its tables and headings.
class Parsed
{
public:
    explicit Parsed(const QByteArray& markdown)
    {
        cmark_gfm_core_extensions_ensure_registered();
        cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT);
        cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension("table"));
        cmark_parser_feed(parser, markdown.constData(), static_cast<size_t>(markdown.size()));
        cmark_node* document = cmark_parser_finish(parser);
        cmark_iter* iterator = cmark_iter_new(document);
        for (cmark_event_type event = cmark_iter_next(iterator); event != CMARK_EVENT_DONE;
             event = cmark_iter_next(iterator)) {
            cmark_node* node = cmark_iter_get_node(iterator);
            if (event != CMARK_EVENT_ENTER) {
                continue;
            }
            const QString type = QString::fromLatin1(cmark_node_get_type_string(node));
            if (type == QLatin1String("table")) {
                ParsedTable table;
                for (cmark_node* row = cmark_node_first_child(node); row; row = cmark_node_next(row)) {
                    int cells = 0;
                    for (cmark_node* cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell)) {
                        if (table.rows == 0 && cells == 0) {
                            table.firstCell = textOf(cell);
                        }
                        ++cells;
                    }
                    ++table.rows;
                    table.cellsPerRow << cells;
                }
                tables << table;
            } else if (cmark_node_get_type(node) == CMARK_NODE_HEADING) {
                headings << textOf(node);
            } else if (cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH) {
                paragraphs << textOf(node);
            }
        }
        cmark_iter_free(iterator);
        cmark_node_free(document);
        cmark_parser_free(parser);
    }

    const ParsedTable* tableStartingWith(const QString& header) const
    {
        for (const ParsedTable& table : tables) {
            if (table.firstCell == header) {
                return &table;
            }
        }
        return nullptr;
    }

    QList<ParsedTable> tables;
    QStringList headings;
    QStringList paragraphs;
};

} // namespace

class TestMarkdownReportWriter : public QObject
{
    Q_OBJECT

private slots:
    void matchesTheGoldenFile();
    void hasEverySection();
    void tablesParseBackWithTheirRowsAndColumns();
    void longTablesAreCutWithTheirHeader();
    void textThatLooksLikeMarkdownStaysText();
    void anchorsFollowGitHub_data();
    void anchorsFollowGitHub();
};

// To accept a change on purpose: AFTERSHOCK_UPDATE_GOLDEN=1 rewrites the file; review its diff.
void TestMarkdownReportWriter::matchesTheGoldenFile()
{
    const QByteArray markdown = MarkdownReportWriter::write(modelOf(QStringLiteral("breaking-seed11.json")));
    const QString golden = QStringLiteral(AFTERSHOCK_TEST_DATA "/results/breaking-seed11.md");
    if (qEnvironmentVariableIsSet("AFTERSHOCK_UPDATE_GOLDEN")) {
        QFile file(golden);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(markdown) == markdown.size());
    }
    const QByteArray expected = fileContents(golden);
    QVERIFY2(!expected.isEmpty(), "no golden file: run once with AFTERSHOCK_UPDATE_GOLDEN=1");
    if (markdown != expected) {
        const QList<QByteArray> got = markdown.split('\n');
        const QList<QByteArray> want = expected.split('\n');
        for (qsizetype line = 0; line < std::max(got.size(), want.size()); ++line) {
            const QByteArray a = got.value(line);
            const QByteArray b = want.value(line);
            if (a != b) {
                QFAIL(qPrintable(QStringLiteral("line %1 differs:\n  got:  %2\n  want: %3")
                                     .arg(line + 1)
                                     .arg(QString::fromUtf8(a), QString::fromUtf8(b))));
            }
        }
    }
}

void TestMarkdownReportWriter::hasEverySection()
{
    const Parsed parsed(MarkdownReportWriter::write(modelOf(QStringLiteral("demo-seed7.json"))));
    for (const char* section :
         {"Table of Contents", "Executive Summary", "Overall Resilience Posture", "SLO Failures Deep Dive", "Dashboard",
          "Potential Cause Hypotheses", "Recommendations", "Summary and Prioritisation", "Threats and Next Steps",
          "Scenarios", "Full black-hole for 1 s", "GET / (load)"}) {
        QVERIFY2(parsed.headings.contains(QString::fromUtf8(section)), section);
    }
    QVERIFY(parsed.headings.first().startsWith(QStringLiteral("Resilience report: ")));
    QVERIFY(std::any_of(parsed.paragraphs.begin(), parsed.paragraphs.end(), [](const QString& text) {
        return text.startsWith(QStringLiteral("Generated on 2026-12-03 12:00:00 UTC by Aftershock"));
    }));
    QVERIFY(std::any_of(parsed.paragraphs.begin(), parsed.paragraphs.end(), [](const QString& text) {
        return text.contains(QStringLiteral("all inside the black-hole window, none after it: recovered"));
    }));
}

void TestMarkdownReportWriter::tablesParseBackWithTheirRowsAndColumns()
{
    const ReportModel model = modelOf(QStringLiteral("breaking-seed11.json"));
    const Parsed parsed(MarkdownReportWriter::write(model));
    for (const ParsedTable& table : parsed.tables) {
        for (const int cells : table.cellsPerRow) {
            QCOMPARE(cells, table.cellsPerRow.first()); // no cell split by a `|` in the text
        }
    }
    const ParsedTable* failures = parsed.tableStartingWith(QStringLiteral("Scenario"));
    QVERIFY(failures);
    QCOMPARE(failures->rows, model.failures.size() + 1);
    QCOMPARE(failures->cellsPerRow.first(), 7);
    const ParsedTable* dashboard = parsed.tableStartingWith(QStringLiteral("Scope"));
    QVERIFY(dashboard);
    QCOMPARE(dashboard->rows, model.dashboard.size() + 1);
    QCOMPARE(dashboard->cellsPerRow.first(), 4);
    qsizetype checkTables = 0;
    qsizetype faultTables = 0;
    for (const ParsedTable& table : parsed.tables) {
        checkTables += table.firstCell == QLatin1String("Check") ? 1 : 0;
        faultTables += table.firstCell == QLatin1String("Fault") ? 1 : 0;
    }
    QCOMPARE(checkTables, 3); // every item has an expectation or SLOs
    QCOMPARE(faultTables, 3);
}

// As the PDF writer asks: the failures' table (7 rows) in tables of at most 3, each with the
// header, and every row still there once.
void TestMarkdownReportWriter::longTablesAreCutWithTheirHeader()
{
    const ReportModel model = modelOf(QStringLiteral("breaking-seed11.json"));
    QVERIFY(model.failures.size() > 3);
    const Parsed parsed(MarkdownReportWriter::write(model, {}, 3));
    qsizetype failureTables = 0;
    qsizetype failureRows = 0;
    for (const ParsedTable& table : parsed.tables) {
        QVERIFY(table.rows <= 3 + 1);
        if (table.firstCell == QLatin1String("Scenario")) {
            ++failureTables;
            failureRows += table.rows - 1;
        }
    }
    QCOMPARE(failureRows, model.failures.size());
    QCOMPARE(failureTables, (model.failures.size() + 2) / 3);
}

void TestMarkdownReportWriter::textThatLooksLikeMarkdownStaysText()
{
    RunResult run = readRun(QStringLiteral("breaking-seed11.json"));
    const QString title = QStringLiteral("1. a | b *c* _d_ <script>alert(1)</script> [x](y) # ± ≥ 中文 🔥 עברית");
    run.scenarios[0].scenario.title = title;
    run.scenarios[0].scenario.description = QStringLiteral("- not a list\n# not a heading\n> not a quote");
    const Parsed parsed(MarkdownReportWriter::write(ReportBuilder::build(run, fixedOptions())));
    QVERIFY(parsed.headings.contains(title));
    QVERIFY(parsed.paragraphs.contains(QStringLiteral("- not a list\n# not a heading\n> not a quote")));
    const ParsedTable* failures = parsed.tableStartingWith(QStringLiteral("Scenario"));
    QVERIFY(failures);
    for (const int cells : failures->cellsPerRow) {
        QCOMPARE(cells, 7);
    }
}

void TestMarkdownReportWriter::anchorsFollowGitHub_data()
{
    QTest::addColumn<QString>("heading");
    QTest::addColumn<QString>("anchor");
    QTest::newRow("words") << QStringLiteral("Executive Summary") << QStringLiteral("executive-summary");
    QTest::newRow("ampersand") << QStringLiteral("Summary & Prioritization Table")
                               << QStringLiteral("summary--prioritization-table");
    QTest::newRow("punctuation") << QStringLiteral("5% packet loss for 4s") << QStringLiteral("5-packet-loss-for-4s");
    QTest::newRow("symbols") << QStringLiteral("High jitter (±80ms @ 8Hz)") << QStringLiteral("high-jitter-80ms--8hz");
    QTest::newRow("unicode") << QStringLiteral("Überlast 中文") << QStringLiteral("überlast-中文");
}

void TestMarkdownReportWriter::anchorsFollowGitHub()
{
    QFETCH(QString, heading);
    QFETCH(QString, anchor);
    QCOMPARE(MarkdownReportWriter::slug(heading), anchor);
}

QTEST_GUILESS_MAIN(TestMarkdownReportWriter)
#include "TestMarkdownReportWriter.moc"
