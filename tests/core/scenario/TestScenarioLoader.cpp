#include "ScenarioTestSupport.h"
#include "scenario/ScenarioLoader.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ScenarioTestSupport;

class TestScenarioLoader : public QObject
{
    Q_OBJECT

private slots:
    void reportsEachMistakeOfTheSeed();
    void loadsTheCorrectedSeed();
    void quickFixesRepairTheSeed();
    void keepsLoadingAfterABrokenDocument();
    void tracksDocumentAndItemLines();
    void diagnosesBadValues_data();
    void diagnosesBadValues();
    void suggestsNearMisses();
    void warnsAboutKeysOfAnotherVariant();
    void readsSteadyStateAndWarnsThatFaultIgnoresIt();
    void appliesSeedFormDefaults();
    void warnsWhenNoUpstreamCoversTheCall();
    void warnsWhenFaultsHaveNoUpstreams();
    void fixesTheSeedFormsUpstreams();
    void movesMisplacedKeysWhereTheyBelong();
    void readsFolders();
    void reportsUnreadableFiles();
};

namespace
{
struct ExpectedDiagnostic
{
    int line;
    int column;
    Diagnostic::Severity severity;
    const char* code;
    const char* gist;
};

// A scenario of one item around a context body, for checks of single values.
QByteArray withContext(const QByteArray& context)
{
    return "title: t\nitems:\n  - call:\n      method: GET\n      url: http://localhost:9090/\n    context:\n"
        + context;
}

const Diagnostic* findDiagnostic(const ScenarioFile& file, const QString& code)
{
    for (const Diagnostic& diagnostic : file.diagnostics) {
        if (diagnostic.code == code) {
            return &diagnostic;
        }
    }
    return nullptr;
}
} // namespace

void TestScenarioLoader::reportsEachMistakeOfTheSeed()
{
    const ScenarioFile file = ScenarioLoader::loadFile(scenarioDataPath(QStringLiteral("seed-broken.yaml")));
    using Severity = Diagnostic::Severity;
    const QList<ExpectedDiagnostic> expected{
        {38, 7, Severity::Error, "misplaced-key", "`strategy` belongs under `context`, not inside a fault"},
        {67, 7, Severity::Error, "misplaced-key", "`strategy` belongs under `context`, not inside a fault"},
        {72, 7, Severity::Error, "misplaced-key", "`slo` belongs under `context`, not inside a fault"},
        {98, 7, Severity::Error, "misplaced-key", "`strategy` belongs under `context`, not inside a fault"},
        {139, 7, Severity::Error, "misplaced-key", "`strategy` belongs under `context`, not inside a fault"},
        {154, 5, Severity::Error, "misplaced-key",
         "`operation_id` belongs under `meta` (left empty on line 153), not under `call`"},
        {162, 7, Severity::Error, "misplaced-key", "`strategy` belongs under `context`, not inside a fault"},
        {163, 7, Severity::Error, "misplaced-key", "`mode` belongs under `strategy` (left empty on line 162)"},
        {164, 7, Severity::Error, "misplaced-key", "`duration` belongs under `strategy` (left empty on line 162)"},
        {165, 7, Severity::Error, "misplaced-key", "`clients` belongs under `strategy` (left empty on line 162)"},
        {166, 7, Severity::Error, "misplaced-key", "`rps` belongs under `strategy` (left empty on line 162)"},
        {186, 7, Severity::Error, "misplaced-key", "`strategy` belongs under `context`, not inside a fault"},
    };
    QList<Diagnostic> problems;
    int infos = 0;
    for (const Diagnostic& diagnostic : file.diagnostics) {
        QCOMPARE(diagnostic.location.file, scenarioDataPath(QStringLiteral("seed-broken.yaml")));
        if (diagnostic.severity == Severity::Info) {
            QCOMPARE(diagnostic.code, QStringLiteral("item-default"));
            QVERIFY(diagnostic.fix.has_value());
            ++infos;
        } else {
            problems.append(diagnostic);
        }
    }
    QCOMPARE(problems.size(), expected.size());
    for (qsizetype index = 0; index < expected.size(); ++index) {
        const Diagnostic& actual = problems[index];
        const ExpectedDiagnostic& wanted = expected[index];
        const QString context = actual.toString();
        QVERIFY2(actual.location.line == wanted.line && actual.location.column == wanted.column, qPrintable(context));
        QVERIFY2(actual.severity == wanted.severity, qPrintable(context));
        QCOMPARE(actual.code, QString::fromLatin1(wanted.code));
        QVERIFY2(actual.message.contains(QString::fromUtf8(wanted.gist)), qPrintable(context));
        QVERIFY2(actual.severity != Severity::Error || actual.fix.has_value(), qPrintable(context));
    }
    QCOMPARE(infos, 14); // `context` beside `items` in eight documents, `expect` in six
    QCOMPARE(file.documents.size(), 8);
    // Only the spike and the jitter scenarios have no mistake.
    QCOMPARE(file.scenarios().size(), 2);
    QCOMPARE(file.scenarios().at(0).title, QStringLiteral("Single high-latency spike (client ingress)"));
    QCOMPARE(file.scenarios().at(1).title, QStringLiteral("High jitter (±80ms @ 8Hz)"));
}

void TestScenarioLoader::loadsTheCorrectedSeed()
{
    const ScenarioFile file = ScenarioLoader::loadFile(scenarioDataPath(QStringLiteral("seed-corrected.yaml")));
    QVERIFY2(!file.hasErrors(), qPrintable(file.diagnostics.value(0).toString()));
    const QList<Scenario> scenarios = file.scenarios();
    QCOMPARE(scenarios.size(), 8);
    QList<int> calls;
    int totalCalls = 0;
    for (const Scenario& scenario : scenarios) {
        QCOMPARE(scenario.items.size(), 1);
        calls.append(callsOf(scenario.items.first()));
        totalCalls += calls.last();
        QCOMPARE(scenario.items.first().call.url, QStringLiteral("http://localhost:9090/"));
        QCOMPARE(scenario.items.first().call.operationId, QStringLiteral("read_root__get"));
        QVERIFY(scenario.items.first().context.has_value());
    }
    QCOMPARE(calls, QList<int>({1, 6, 1, 1, 1, 1, 1, 1}));
    QCOMPARE(totalCalls, 13); // the seed guide's "Tests run: 13"

    const Context& stairs = *scenarios[1].items.first().context;
    QCOMPARE(stairs.strategy, Strategy(RepeatStrategy{.count = 5, .step = 100, .addBaselineCall = true}));
    const Context& pulses = *scenarios[2].items.first().context;
    QCOMPARE(pulses.strategy, Strategy(LoadStrategy{.duration = 10000, .clients = 3, .rps = 2}));
    QCOMPARE(pulses.faults.size(), 3);
    QCOMPARE(pulses.faults[1].period,
             Period({PeriodBound{PeriodBound::Unit::Percent, 40}, PeriodBound{PeriodBound::Unit::Percent, 15}}));
    QCOMPARE(pulses.slo.size(), 2);
    QCOMPARE(pulses.slo[0], (Slo{SloType::Latency, QStringLiteral("P95 < 300ms"), 95, 300}));
    const Context& errors = *scenarios[6].items.first().context;
    QCOMPARE(errors.faults.first().parameters, FaultParameters(HttpErrorFault{.statusCode = 500, .probability = 0.05}));
    QCOMPARE(errors.strategy, Strategy(LoadStrategy{.duration = 8000, .clients = 5, .rps = 4}));
    QCOMPARE(scenarios[6].items.first().expect, Expectation{.responseTimeUnder = 100});
    QCOMPARE(scenarios[3].items.first().call.timeout, 500);
    QVERIFY(!scenarios[3].items.first().context->strategy.has_value()); // `strategy: null` left out
}

void TestScenarioLoader::quickFixesRepairTheSeed()
{
    const QString broken = QString::fromUtf8(readData(QStringLiteral("seed-broken.yaml")));
    int rounds = 0;
    const QString repaired = applyAllFixes(broken, 6, &rounds);
    QVERIFY2(rounds < 6, "the fixes never settle");
    const ScenarioFile file = ScenarioLoader::loadText(repaired.toUtf8(), QStringLiteral("repaired.yaml"));
    QVERIFY2(!file.hasErrors(), qPrintable(file.diagnostics.value(0).toString() + QLatin1Char('\n') + repaired));
    const ScenarioFile corrected = ScenarioLoader::loadFile(scenarioDataPath(QStringLiteral("seed-corrected.yaml")));
    QCOMPARE(file.scenarios().size(), 8);
    QCOMPARE(file.scenarios(), corrected.scenarios());
    // Every fix was applied: only the warning without a fix (a period on a single call) is left.
    QCOMPARE(file.diagnostics.size(), 1);
    QCOMPARE(file.diagnostics.first().code, QStringLiteral("period-ignored"));
}

void TestScenarioLoader::keepsLoadingAfterABrokenDocument()
{
    const QByteArray text = "title: first\nitems:\n  - call: {method: GET, url: 'http://a.test/'}\n"
                            "---\n"
                            "title: broken\nitems: [\n"
                            "---\n"
                            "title: third\nitems:\n  - call: {method: GET, url: 'http://c.test/'}\n";
    const ScenarioFile file = ScenarioLoader::loadText(text, QStringLiteral("three.yaml"));
    QCOMPARE(file.documents.size(), 3);
    QVERIFY(file.documents[0].valid);
    QVERIFY(!file.documents[1].valid);
    QVERIFY(file.documents[2].valid);
    QCOMPARE(file.scenarios().size(), 2);
    QCOMPARE(file.scenarios().at(1).title, QStringLiteral("third"));
    const Diagnostic* syntax = findDiagnostic(file, QStringLiteral("yaml-syntax"));
    QVERIFY(syntax);
    QVERIFY(syntax->severity == Diagnostic::Severity::Error);
    QVERIFY2(syntax->location.line >= 5 && syntax->location.line <= 6, qPrintable(syntax->toString()));
    QCOMPARE(syntax->location.file, QStringLiteral("three.yaml"));
}

void TestScenarioLoader::tracksDocumentAndItemLines()
{
    const QByteArray text = "# comment before anything\n"
                            "%YAML 1.2\n"
                            "---\n"
                            "title: first\n"
                            "items:\n"
                            "  - call: {method: GET, url: 'http://a.test/'}\n"
                            "  - call: {method: GET, url: 'http://b.test/'}\n"
                            "...\n"
                            "---\n"
                            "title: second\n"
                            "items:\n"
                            "  - call:\n"
                            "      method: GET\n"
                            "      url: http://c.test/\n"
                            "---\n";
    const ScenarioFile file = ScenarioLoader::loadText(text, QStringLiteral("lines.yaml"));
    QVERIFY2(!file.hasErrors(), qPrintable(file.diagnostics.value(0).toString()));
    QCOMPARE(file.documents.size(), 2);
    QCOMPARE(file.documents[0].location.line, 4);
    QCOMPARE(file.documents[0].lastLine, 8);
    QCOMPARE(file.documents[0].itemLines, QList<int>({6, 7}));
    QCOMPARE(file.documents[1].index, 1);
    QCOMPARE(file.documents[1].location.line, 10);
    QCOMPARE(file.documents[1].lastLine, 14);
    QCOMPARE(file.documents[1].itemLines, QList<int>({12}));
}

void TestScenarioLoader::diagnosesBadValues_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("gist");

    const QByteArray loadStrategy = "      strategy: {mode: load, duration: 10s, clients: 1, rps: 1}\n";
    QTest::newRow("probability above 1") << withContext("      faults:\n        - {type: httperror, status_code: 500, "
                                                        "probability: 1.5}\n")
                                         << "out-of-range" << 8 << 60 << "must be from 0 to 1, not `1.5`";
    QTest::newRow("percent above 100") << withContext("      faults:\n        - type: blackhole\n          period: "
                                                      "start:90%,duration:101%\n"
                                                      + loadStrategy)
                                       << "invalid-period" << 9 << 19 << "`101%` is not a percent";
    QTest::newRow("no clients") << withContext("      strategy: {mode: load, duration: 10s, clients: 0, rps: 1}\n")
                                << "out-of-range" << 7 << 54 << "`clients` must be from 1";
    QTest::newRow("negative count") << withContext("      strategy:\n        mode: repeat\n        count: -3\n        "
                                                   "step: 10\n")
                                    << "out-of-range" << 9 << 16 << "`count` must be from 1";
    QTest::newRow("status below 100") << withContext("      faults: []\n") + "    expect:\n      status: 99\n"
                                      << "out-of-range" << 9 << 15 << "from 100 to 599";
    QTest::newRow("status above 599") << withContext("      faults:\n        - {type: httperror, status_code: 600, "
                                                     "probability: 1}\n")
                                      << "out-of-range" << 8 << 42 << "from 100 to 599";
    QTest::newRow("bad duration") << withContext("      strategy: {mode: load, duration: soon, clients: 1, rps: 1}\n")
                                  << "wrong-type" << 7 << 40 << "a duration such as `10s`";
    QTest::newRow("not a number") << withContext("      faults:\n        - {type: latency, mean: .nan}\n")
                                  << "wrong-type" << 8 << 33 << "`mean` takes a number";
    QTest::newRow("huge number") << withContext("      faults:\n        - {type: latency, mean: 1e400}\n")
                                 << "wrong-type" << 8 << 33 << "`mean` takes a number";
    QTest::newRow("huge count") << withContext("      strategy: {mode: repeat, step: 1, count: 99999999999999999999}\n")
                                << "out-of-range" << 7 << 48 << "`count` must be from 1 to 1000000";
    QTest::newRow("fraction count") << withContext("      strategy: {mode: repeat, step: 1, count: 2.5}\n")
                                    << "wrong-type" << 7 << 48 << "takes a whole number from 1 to 1000000, not `2.5`";
    QTest::newRow("list for a number") << withContext(
        "      faults:\n        - type: latency\n          mean: [1, 2]\n")
                                       << "wrong-type" << 9 << 17 << "`mean` takes a number, not a list";
    QTest::newRow("text for a bool") << withContext("      faults:\n        - {type: latency, global: maybe}\n")
                                     << "wrong-type" << 8 << 35 << "true or false";
    QTest::newRow("url without scheme") << QByteArray(
        "title: t\nitems:\n  - call:\n      method: GET\n      url: localhost:9090/x\n")
                                        << "invalid-url" << 5 << 12 << "http or https URL with a host";
    QTest::newRow("bad method") << QByteArray("title: t\nitems:\n  - call:\n      method: G T\n      url: http://a/\n")
                                << "invalid-method" << 4 << 15 << "an HTTP method";
    QTest::newRow("bad upstream") << withContext("      upstreams: [localhost]\n") << "invalid-url" << 7 << 19
                                  << "`localhost` in `upstreams`";
    QTest::newRow("unknown fault type") << withContext("      faults:\n        - type: lag\n") << "unknown-value" << 8
                                        << 17 << "`type` takes one of `latency`";
    QTest::newRow("missing key") << withContext("      faults:\n        - type: jitter\n          amplitude: 10\n")
                                 << "missing-key" << 8 << 11 << "a jitter fault needs `frequency`";
    QTest::newRow("duplicate key") << QByteArray(
        "title: a\ntitle: b\nitems:\n  - call: {method: GET, url: 'http://a/'}\n")
                                   << "duplicate-key" << 2 << 1 << "the first is on line 1";
    QTest::newRow("invalid utf-8") << QByteArray("title: caf\xc3\xa9 \xff\nitems: []\n") << "invalid-utf8" << 1 << 13
                                   << "invalid UTF-8";
    QTest::newRow("deep flow nesting") << "title: t\nitems: " + QByteArray(5000, '[') << "too-deep" << 2 << 71
                                       << "nesting deeper than";
    QByteArray indented = "title: t\nitems:\n";
    for (int depth = 1; depth <= 100; ++depth) {
        indented += QByteArray(depth, ' ') + "k:\n";
    }
    QTest::newRow("deep indentation") << indented << "too-deep" << 66 << 65 << "nesting deeper than";
    QTest::newRow("tab indentation") << QByteArray("title: t\nitems:\n\t- call: x\n") << "yaml-syntax" << 3 << 1
                                     << "tabs cannot indent YAML";
    QTest::newRow("not a mapping") << QByteArray("- just\n- a list\n") << "wrong-type" << 1 << 1
                                   << "a scenario is a mapping of keys";
    QTest::newRow("empty steady state") << withContext("      strategy:\n        mode: load\n        duration: 1s\n  "
                                                       "      clients: 1\n        rps: 1\n        steady_state: {}\n")
                                        << "empty-steady-state" << 12 << 23 << "needs `before`, `after` or both";
    QTest::newRow("negative steady state") << withContext("      strategy:\n        mode: load\n        duration: "
                                                          "1s\n        clients: 1\n        rps: 1\n        "
                                                          "steady_state: {before: -1s}\n")
                                           << "wrong-type" << 12 << 32 << "`before` takes a duration";
    QTest::newRow("no items") << QByteArray("title: t\nitems: []\n") << "empty-items" << 2 << 8 << "at least one call";
}

void TestScenarioLoader::diagnosesBadValues()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, code);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, gist);
    const ScenarioFile file = ScenarioLoader::loadText(text, QStringLiteral("bad.yaml"));
    QVERIFY(file.hasErrors());
    QVERIFY(file.scenarios().isEmpty());
    const Diagnostic* diagnostic = findDiagnostic(file, code);
    QStringList all;
    for (const Diagnostic& each : file.diagnostics) {
        all << each.toString();
    }
    QVERIFY2(diagnostic, qPrintable(all.join(QLatin1Char('\n'))));
    QVERIFY(diagnostic->severity == Diagnostic::Severity::Error);
    QVERIFY2(diagnostic->location.line == line && diagnostic->location.column == column,
             qPrintable(diagnostic->toString()));
    QVERIFY2(diagnostic->message.contains(gist), qPrintable(diagnostic->toString()));
}

void TestScenarioLoader::suggestsNearMisses()
{
    const QByteArray text = withContext(
        "      faults:\n        - type: latency\n          stdev: 30\n          colour: red\n      upstreams: ['*']\n");
    const ScenarioFile file = ScenarioLoader::loadText(text, QStringLiteral("typo.yaml"));
    QVERIFY(!file.hasErrors()); // unknown keys are warnings
    QCOMPARE(file.diagnostics.size(), 2);
    const Diagnostic& typo = file.diagnostics[0];
    QCOMPARE(typo.code, QStringLiteral("unknown-key"));
    QVERIFY(typo.severity == Diagnostic::Severity::Warning);
    QCOMPARE(typo.location.line, 9);
    QCOMPARE(typo.location.column, 11);
    QVERIFY2(typo.message.contains(QStringLiteral("did you mean `stddev`?")), qPrintable(typo.message));
    QVERIFY(typo.fix.has_value());
    const QString fixed = applyTextEdits(QString::fromUtf8(text), typo.fix->edits);
    QVERIFY(fixed.contains(QStringLiteral("          stddev: 30\n")));
    const Diagnostic& unknown = file.diagnostics[1];
    QCOMPARE(unknown.location.line, 10);
    QVERIFY(!unknown.message.contains(QStringLiteral("did you mean")));
    QVERIFY(!unknown.fix.has_value());
}

void TestScenarioLoader::warnsAboutKeysOfAnotherVariant()
{
    const ScenarioFile file = ScenarioLoader::loadText(
        withContext(
            "      faults:\n        - {type: latency, amplitude: 5}\n      strategy: {mode: load, duration: 1s, "
            "clients: 1, rps: 1, count: 3}\n      upstreams: ['*']\n"),
        QStringLiteral("variant.yaml"));
    QVERIFY(!file.hasErrors());
    QCOMPARE(file.diagnostics.size(), 2);
    QCOMPARE(file.diagnostics[0].code, QStringLiteral("ignored-key"));
    QVERIFY(file.diagnostics[0].message.contains(QStringLiteral("`amplitude` has no effect on a latency fault")));
    QVERIFY(file.diagnostics[1].message.contains(QStringLiteral("`count` has no effect on a load strategy")));
}

void TestScenarioLoader::readsSteadyStateAndWarnsThatFaultIgnoresIt()
{
    const ScenarioFile file = ScenarioLoader::loadFile(scenarioDataPath(QStringLiteral("steady-state.yaml")));
    QVERIFY(!file.hasErrors());
    QCOMPARE(file.scenarios().size(), 2);
    const auto load = [&file](int scenario) {
        return std::get<LoadStrategy>(*file.scenarios()[scenario].items[0].context->strategy);
    };
    QCOMPARE(load(0).steadyState, SteadyState({.beforeMs = 1000, .afterMs = 1500}));
    QCOMPARE(load(1).steadyState, SteadyState({.beforeMs = 0, .afterMs = 2000}));
    QList<const Diagnostic*> warnings;
    for (const Diagnostic& diagnostic : file.diagnostics) {
        QVERIFY2(diagnostic.code == QLatin1String("ours-only"), qPrintable(diagnostic.toString()));
        warnings << &diagnostic;
    }
    QCOMPARE(warnings.size(), 2);
    QVERIFY(warnings[0]->severity == Diagnostic::Severity::Warning);
    QCOMPARE(warnings[0]->location.line, 20);
    QCOMPARE(warnings[0]->location.column, 9);
    QVERIFY2(warnings[0]->message.contains(QStringLiteral("fault ignores it")), qPrintable(warnings[0]->message));

    // Only a load reads it, as with the other keys of one strategy mode.
    const ScenarioFile single = ScenarioLoader::loadText(
        withContext("      strategy: {mode: repeat, count: 1, step: 0, steady_state: {before: 1s}}\n"),
        QStringLiteral("single.yaml"));
    QVERIFY(!single.hasErrors());
    QVERIFY(findDiagnostic(single, QStringLiteral("ignored-key")));
}

void TestScenarioLoader::appliesSeedFormDefaults()
{
    const QByteArray text = "title: defaults\n"
                            "items:\n"
                            "  - call: {method: GET, url: 'http://a.test/'}\n"
                            "  - call: {method: GET, url: 'http://b.test/'}\n"
                            "    expect: {status: 404}\n"
                            "context:\n"
                            "  upstreams: ['*']\n"
                            "  faults: [{type: blackhole}]\n"
                            "expect:\n"
                            "  status: 200\n";
    const ScenarioFile file = ScenarioLoader::loadText(text, QStringLiteral("defaults.yaml"));
    QVERIFY(!file.hasErrors());
    const Scenario scenario = file.scenarios().value(0);
    QCOMPARE(scenario.items.size(), 2);
    QCOMPARE(scenario.items[0].context->faults.size(), 1);
    QCOMPARE(scenario.items[1].context->faults.size(), 1);
    QCOMPARE(scenario.items[0].expect->status, 200);
    QCOMPARE(scenario.items[1].expect->status, 404); // its own wins
    QCOMPARE(file.diagnostics.size(), 2);
    QVERIFY(file.diagnostics[0].severity == Diagnostic::Severity::Info);
    QVERIFY(file.diagnostics[0].message.contains(QStringLiteral("applies to 2 items")));
    // Moving both into the items keeps the meaning.
    const QString moved = applyAllFixes(QString::fromUtf8(text), 4);
    const ScenarioFile canonical = ScenarioLoader::loadText(moved.toUtf8(), QStringLiteral("moved.yaml"));
    QVERIFY(canonical.diagnostics.isEmpty());
    QCOMPARE(canonical.scenarios(), file.scenarios());
}

void TestScenarioLoader::movesMisplacedKeysWhereTheyBelong()
{
    // `operation_id` beside an existing `meta`, `status` inside a fault while the item has an
    // `expect` already, and a flow-style fault whose text cannot be moved line by line.
    const QByteArray text = "title: t\n"
                            "items:\n"
                            "  - call:\n"
                            "      method: GET\n"
                            "      meta:\n"
                            "        other: x\n"
                            "      url: http://a.test/\n"
                            "      operation_id: get_a\n"
                            "    context:\n"
                            "      faults:\n"
                            "        - type: latency\n"
                            "          status: 200\n"
                            "        - {type: latency, rps: 3}\n"
                            "    expect: {}\n";
    const ScenarioFile file = ScenarioLoader::loadText(text, QStringLiteral("moves.yaml"));
    QStringList misplaced;
    for (const Diagnostic& diagnostic : file.diagnostics) {
        if (diagnostic.code == QLatin1String("misplaced-key")) {
            misplaced << QStringLiteral("%1:%2 %3 %4")
                             .arg(diagnostic.location.line)
                             .arg(diagnostic.location.column)
                             .arg(diagnostic.message, diagnostic.fix ? diagnostic.fix->title : QStringLiteral("-"));
        }
    }
    QCOMPARE(misplaced,
             QStringList({QStringLiteral("8:7 `operation_id` belongs under `meta`, not under `call` Move "
                                         "`operation_id` under `meta`"),
                          QStringLiteral("12:11 `status` belongs under `expect`, not inside a fault -"),
                          QStringLiteral("13:27 `rps` belongs under `strategy`, not inside a fault -")}));
    const Diagnostic* operationId = findDiagnostic(file, QStringLiteral("misplaced-key"));
    QVERIFY(operationId && operationId->fix);
    const QString moved = applyTextEdits(QString::fromUtf8(text), operationId->fix->edits);
    QVERIFY2(moved.contains(QStringLiteral("      meta:\n        other: x\n        operation_id: get_a\n      url:")),
             qPrintable(moved));

    const QByteArray unusedText = "title: t\nitems:\n  - call: {method: GET, url: 'http://a.test/'}\n"
                                  "    expect: {status: 201}\nexpect:\n  status: 200\n";
    const ScenarioFile unused = ScenarioLoader::loadText(unusedText, QStringLiteral("unused.yaml"));
    QVERIFY(!unused.hasErrors());
    QCOMPARE(unused.diagnostics.size(), 1);
    QCOMPARE(unused.diagnostics.first().code, QStringLiteral("unused-default"));
    QVERIFY(unused.diagnostics.first().fix.has_value());
    const QString withoutDefault = applyTextEdits(QString::fromUtf8(unusedText), unused.diagnostics.first().fix->edits);
    QVERIFY2(withoutDefault.endsWith(QStringLiteral("    expect: {status: 201}\n")), qPrintable(withoutDefault));
}

void TestScenarioLoader::readsFolders()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    QVERIFY(QDir(folder.path()).mkpath(QStringLiteral("nested")));
    const QByteArray scenario = "title: t\nitems:\n  - call: {method: GET, url: 'http://a.test/'}\n";
    for (const char* name : {"b.yaml", "nested/a.yml", "ignored.txt"}) {
        QFile file(folder.filePath(QString::fromLatin1(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(scenario);
    }
    const QList<ScenarioFile> files = ScenarioLoader::loadPath(folder.path());
    QCOMPARE(files.size(), 2);
    QCOMPARE(files[0].path, folder.filePath(QStringLiteral("b.yaml")));
    QCOMPARE(files[1].path, folder.filePath(QStringLiteral("nested/a.yml")));
    QCOMPARE(files[1].scenarios().size(), 1);
}

void TestScenarioLoader::reportsUnreadableFiles()
{
    const ScenarioFile file = ScenarioLoader::loadFile(QStringLiteral("/nonexistent/scenario.yaml"));
    QVERIFY(file.hasErrors());
    QCOMPARE(file.diagnostics.first().code, QStringLiteral("unreadable-file"));
    const ScenarioFile empty = ScenarioLoader::loadText("# nothing here\n", QStringLiteral("empty.yaml"));
    QVERIFY(!empty.hasErrors());
    QCOMPARE(empty.diagnostics.first().code, QStringLiteral("empty-file"));
}

void TestScenarioLoader::warnsWhenNoUpstreamCoversTheCall()
{
    // The case: an 800 ms fault that would never fire, and a run that would pass.
    const QByteArray text = "title: t\n"
                            "items:\n"
                            "  - call:\n"
                            "      method: GET\n"
                            "      url: http://127.0.0.1:9090/ping\n"
                            "    context:\n"
                            "      upstreams:\n"
                            "        - example.invalid:80\n"
                            "      faults:\n"
                            "        - {type: latency, mean: 800}\n";
    const ScenarioFile file = ScenarioLoader::loadText(text, QStringLiteral("uncovered.yaml"));
    QVERIFY(!file.hasErrors());
    const Diagnostic* warning = findDiagnostic(file, QStringLiteral("faults-never-applied"));
    QVERIFY(warning);
    QVERIFY(warning->severity == Diagnostic::Severity::Warning);
    QCOMPARE(warning->location.line, 3); // the item
    QCOMPARE(warning->location.column, 5);
    QVERIFY2(warning->message.contains(QStringLiteral("example.invalid:80"))
                 && warning->message.contains(QStringLiteral("127.0.0.1:9090")),
             qPrintable(warning->message));
    QVERIFY(warning->fix);
    QCOMPARE(warning->fix->title, QStringLiteral("Use the call's host (`http://127.0.0.1:9090`)"));
    const QString fixed = applyTextEdits(QString::fromUtf8(text), warning->fix->edits);
    const ScenarioFile repaired = ScenarioLoader::loadText(fixed.toUtf8(), QStringLiteral("repaired.yaml"));
    QVERIFY2(repaired.diagnostics.isEmpty(), qPrintable(fixed));
    QCOMPARE(repaired.scenarios().value(0).items.value(0).context->upstreams,
             QStringList{QStringLiteral("http://127.0.0.1:9090")});

    // Loopback's names are one host, and a bare host covers every port: no warning.
    for (const char* upstream : {"localhost:9090", "127.0.0.1:9090", "'*'", "http://localhost:9090/", "'[::1]:9090'"}) {
        QByteArray covered = text;
        covered.replace("example.invalid:80", upstream);
        QVERIFY2(!findDiagnostic(ScenarioLoader::loadText(covered, QStringLiteral("covered.yaml")),
                                 QStringLiteral("faults-never-applied")),
                 upstream);
    }
}

void TestScenarioLoader::warnsWhenFaultsHaveNoUpstreams()
{
    const QByteArray text = "title: t\n"
                            "items:\n"
                            "  - call: {method: GET, url: 'https://api.test/v1'}\n"
                            "    context:\n"
                            "      faults:\n"
                            "        - type: blackhole\n"
                            "  - call: {method: GET, url: 'http://{host}/v1'}\n" // known only when called
                            "    context:\n"
                            "      faults: [{type: blackhole}]\n"
                            "config:\n"
                            "  http:\n"
                            "    paths:\n"
                            "      segments: {host: api.test}\n";
    const ScenarioFile file = ScenarioLoader::loadText(text, QStringLiteral("none.yaml"));
    QCOMPARE(std::count_if(file.diagnostics.begin(), file.diagnostics.end(),
                           [](const Diagnostic& d) { return d.code == QStringLiteral("faults-never-applied"); }),
             1);
    const Diagnostic* warning = findDiagnostic(file, QStringLiteral("faults-never-applied"));
    QCOMPARE(warning->location.line, 3);
    QVERIFY(warning->message.contains(QStringLiteral("`upstreams` is empty")));
    QVERIFY(warning->message.contains(QStringLiteral("api.test:443")));
    QVERIFY(warning->fix);
    const QString fixed = applyTextEdits(QString::fromUtf8(text), warning->fix->edits);
    const ScenarioFile repaired = ScenarioLoader::loadText(fixed.toUtf8(), QStringLiteral("repaired.yaml"));
    QVERIFY2(!findDiagnostic(repaired, QStringLiteral("faults-never-applied")), qPrintable(fixed));
    QCOMPARE(repaired.scenarios().value(0).items.value(0).context->upstreams,
             QStringList{QStringLiteral("https://api.test")});
}

void TestScenarioLoader::fixesTheSeedFormsUpstreams()
{
    const QByteArray text = "title: t\n"
                            "items:\n"
                            "  - call: {method: GET, url: 'http://127.0.0.1:9090/'}\n"
                            "context:\n"
                            "  upstreams: [example.invalid:80]\n"
                            "  faults: [{type: latency, mean: 800}]\n";
    const ScenarioFile file = ScenarioLoader::loadText(text, QStringLiteral("seed-form.yaml"));
    const Diagnostic* warning = findDiagnostic(file, QStringLiteral("faults-never-applied"));
    QVERIFY(warning && warning->fix);
    QCOMPARE(warning->location.line, 3);
    const QString fixed = applyTextEdits(QString::fromUtf8(text), warning->fix->edits);
    QVERIFY2(fixed.contains(QStringLiteral("context:\n  upstreams:\n    - http://127.0.0.1:9090\n  faults:")),
             qPrintable(fixed));
    QVERIFY(!findDiagnostic(ScenarioLoader::loadText(fixed.toUtf8(), QStringLiteral("fixed.yaml")),
                            QStringLiteral("faults-never-applied")));
}

QTEST_GUILESS_MAIN(TestScenarioLoader)
#include "TestScenarioLoader.moc"
