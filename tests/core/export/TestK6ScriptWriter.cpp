#include "K6ScriptInspector.h"
#include "export/K6ScriptWriter.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

namespace
{
const QString DemoPath = QStringLiteral(AFTERSHOCK_SOURCE_DIR "/resources/demo/scenarios.yaml");
const QString AllKeysPath = QStringLiteral(AFTERSHOCK_TEST_DATA "/scenarios/all-keys.yaml");
const QString SteadyStatePath = QStringLiteral(AFTERSHOCK_TEST_DATA "/scenarios/steady-state.yaml");

QJsonArray strings(const QStringList& texts)
{
    return QJsonArray::fromStringList(texts);
}

// A file of one valid document, for scenarios the loader would not give.
ScenarioFile fileOf(const Scenario& scenario, const QString& path)
{
    ScenarioFile file;
    file.path = path;
    file.documents = {ScenarioDocument{
        .scenario = scenario, .index = 0, .location = {}, .lastLine = 8, .itemLines = {3}, .valid = true}};
    return file;
}

// The top comment's lines, up to the blank line before the imports.
QStringList topCommentLines(const QByteArray& script)
{
    const QString text = QString::fromUtf8(script);
    return text.left(text.indexOf(QStringLiteral("\n\nimport "))).split(QLatin1Char('\n'));
}
} // namespace

// K6ScriptWriter: the options each strategy becomes, the calls, the thresholds, what the top
// comment says, refusals and escaping. The scripts run under node with stand-ins for k6's modules
// (K6ScriptInspector), so that the assertions are on the values k6 would see, not on text.
class TestK6ScriptWriter : public QObject
{
    Q_OBJECT

private slots:
    void aLoadItemIsAConstantArrivalRate();
    void aSteadyStateIsAScenarioAPhase();
    void aRepeatIsPerVuIterationsWithItsChecks();
    void aSingleCallIsOneIteration();
    void itemsRunOneAfterAnother();
    void callsCarryHeadersBodyAndSegments();
    void anOriginVariableSendsTheCallThroughTheProxy();
    void theTopCommentSaysWhatIsLeftOutAndHow();
    void refusalsNameTheItem();
    void namesAreK6ScenarioNamesAndIdentifiers();
    void textIsEscaped();

private:
    // The script's inspection; fails the test when node does.
    QJsonObject inspect(const K6ScriptWriter::Result& result, const QJsonObject& environment = {});
    static K6ScriptWriter::Result exportFile(const QString& path,
                                             const K6ScriptWriter::Options& options = K6ScriptWriter::Options())
    {
        return K6ScriptWriter::write(ScenarioLoader::loadFile(path), options);
    }
    static K6ScriptWriter::Result exportItem(const QString& path, int item)
    {
        K6ScriptWriter::Options options;
        options.item = item;
        return exportFile(path, options);
    }

    K6ScriptInspector m_inspector;
};

QJsonObject TestK6ScriptWriter::inspect(const K6ScriptWriter::Result& result, const QJsonObject& environment)
{
    if (!result.ok()) {
        QTest::qFail(qPrintable(result.diagnostics.value(0).toString()), __FILE__, __LINE__);
        return {};
    }
    QString error;
    const QJsonObject inspected = m_inspector.inspect(result.script, environment, &error);
    if (inspected.isEmpty()) {
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
    }
    return inspected;
}

void TestK6ScriptWriter::aLoadItemIsAConstantArrivalRate()
{
    // "Periodic 150-250 ms latency pulses during load": 10s, 3 clients, 2 rps, two SLOs.
    const K6ScriptWriter::Result result = exportItem(DemoPath, 3);
    const QJsonObject options = inspect(result)[QStringLiteral("options")].toObject();
    const QString name = QStringLiteral("item3_periodic_150_250_ms_latency_pulses");
    QCOMPARE(result.scenarioNames, QStringList{name});
    const QJsonObject expected{{QStringLiteral("executor"), QStringLiteral("constant-arrival-rate")},
                               {QStringLiteral("exec"), name},
                               {QStringLiteral("startTime"), QStringLiteral("0s")},
                               {QStringLiteral("rate"), 6},
                               {QStringLiteral("timeUnit"), QStringLiteral("1s")},
                               {QStringLiteral("duration"), QStringLiteral("10s")},
                               {QStringLiteral("preAllocatedVUs"), 3},
                               {QStringLiteral("maxVUs"), 12},
                               {QStringLiteral("gracefulStop"), QStringLiteral("30s")}};
    QCOMPARE(options[QStringLiteral("scenarios")][name].toObject(), expected);
    const QJsonObject thresholds{
        {QStringLiteral("http_req_duration{scenario:%1}").arg(name), strings({QStringLiteral("p(95)<=300")})},
        {QStringLiteral("http_req_failed{scenario:%1}").arg(name), strings({QStringLiteral("rate<0.01")})}};
    QCOMPARE(options[QStringLiteral("thresholds")].toObject(), thresholds);
    // Under load the SLOs count, not each call's expectation: no check.
    const QJsonObject calls = inspect(result)[QStringLiteral("calls")][name].toObject();
    QCOMPARE(calls[QStringLiteral("requests")].toArray().size(), 1);
    QVERIFY(calls[QStringLiteral("checks")].toArray().isEmpty());

    // max_clients is maxVUs; the default is 4 × clients.
    const QJsonObject allKeysLoad = inspect(exportItem(AllKeysPath, 2))[QStringLiteral("options")].toObject();
    const QJsonObject scenario = allKeysLoad[QStringLiteral("scenarios")][QStringLiteral("item2_every_key")].toObject();
    QCOMPARE(scenario[QStringLiteral("rate")].toInt(), 20);
    QCOMPARE(scenario[QStringLiteral("preAllocatedVUs")].toInt(), 4);
    QCOMPARE(scenario[QStringLiteral("maxVUs")].toInt(), 12);
    QCOMPARE(scenario[QStringLiteral("duration")].toString(), QStringLiteral("1m30s"));
    QCOMPARE(
        allKeysLoad[QStringLiteral("thresholds")].toObject(),
        (QJsonObject{
            {QStringLiteral("http_req_duration{scenario:item2_every_key}"), strings({QStringLiteral("p(99)<=1000")})},
            {QStringLiteral("http_req_failed{scenario:item2_every_key}"), strings({QStringLiteral("rate<0.02")})}}));
}

void TestK6ScriptWriter::aSteadyStateIsAScenarioAPhase()
{
    // Item 1: 1 s before, 2 s of black-hole load at 5 calls a second, 1.5 s after; an error SLO.
    const K6ScriptWriter::Result result = exportFile(SteadyStatePath);
    const QJsonObject inspected = inspect(result);
    const QJsonObject options = inspected[QStringLiteral("options")].toObject();
    const QString name = QStringLiteral("item1_black_hole_with_a_steady_state");
    const QStringList phases{name + QStringLiteral("_before"), name, name + QStringLiteral("_after")};
    // Item 2 has only `after`: no before phase of no length.
    const QString second = QStringLiteral("item2_steady_state_after_only");
    QCOMPARE(result.scenarioNames, (phases + QStringList{second, second + QStringLiteral("_after")}));
    const QStringList startTimes{QStringLiteral("0s"), QStringLiteral("1s"), QStringLiteral("3s")};
    const QStringList durations{QStringLiteral("1s"), QStringLiteral("2s"), QStringLiteral("1s500ms")};
    QJsonObject thresholds;
    for (qsizetype index = 0; index < phases.size(); ++index) {
        const QJsonObject scenario = options[QStringLiteral("scenarios")][phases.at(index)].toObject();
        QCOMPARE(scenario[QStringLiteral("executor")].toString(), QStringLiteral("constant-arrival-rate"));
        QCOMPARE(scenario[QStringLiteral("exec")].toString(), name);
        QCOMPARE(scenario[QStringLiteral("rate")].toInt(), 5);
        QCOMPARE(scenario[QStringLiteral("startTime")].toString(), startTimes.at(index));
        QCOMPARE(scenario[QStringLiteral("duration")].toString(), durations.at(index));
        thresholds.insert(QStringLiteral("http_req_failed{scenario:%1}").arg(phases.at(index)),
                          strings({QStringLiteral("rate<0.01")}));
    }
    QCOMPARE(options[QStringLiteral("thresholds")].toObject(), thresholds);
    // The next item starts after the three phases and the last one's gracefulStop (the timeout).
    QCOMPARE(options[QStringLiteral("scenarios")][second][QStringLiteral("startTime")].toString(),
             QStringLiteral("5s"));
    QVERIFY(m_inspector.schemaErrors(options).isEmpty());

    // One proxy for the three phases, lasting all of them: it reads the steady state itself.
    const QString comment = topCommentLines(result.script).join(QLatin1Char('\n'));
    QVERIFY2(comment.contains(QStringLiteral("--item 1 --duration 4s500ms &")), qPrintable(comment));
    QVERIFY2(comment.contains(QStringLiteral("1s with no fault, then load for 2s")), qPrintable(comment));
    QVERIFY2(comment.contains(QStringLiteral("item 1: steady state: k6 holds each phase's SLOs")), qPrintable(comment));
}

void TestK6ScriptWriter::aRepeatIsPerVuIterationsWithItsChecks()
{
    // "Stair-step latency growth": 5 calls and a baseline, no timeout (30 s each at most).
    const K6ScriptWriter::Result result = exportItem(DemoPath, 2);
    const QJsonObject inspected = inspect(result);
    const QString name = QStringLiteral("item2_stair_step_latency_growth_5_x_100_ms");
    const QJsonObject expected{{QStringLiteral("executor"), QStringLiteral("per-vu-iterations")},
                               {QStringLiteral("exec"), name},
                               {QStringLiteral("startTime"), QStringLiteral("0s")},
                               {QStringLiteral("vus"), 1},
                               {QStringLiteral("iterations"), 6},
                               {QStringLiteral("maxDuration"), QStringLiteral("3m")},
                               {QStringLiteral("gracefulStop"), QStringLiteral("0s")}};
    QCOMPARE(inspected[QStringLiteral("options")][QStringLiteral("scenarios")][name].toObject(), expected);
    QCOMPARE(inspected[QStringLiteral("options")][QStringLiteral("thresholds")].toObject(),
             (QJsonObject{{QStringLiteral("checks{scenario:%1}").arg(name), strings({QStringLiteral("rate==1")})}}));
    const QJsonObject calls = inspected[QStringLiteral("calls")][name].toObject();
    QCOMPARE(calls[QStringLiteral("checks")].toArray(),
             (QJsonArray{QJsonObject{{QStringLiteral("status is 200"), true}}}));

    // all-keys' repeat: 3 calls of at most 1.5 s, 200 ms apart; its expectation checks both keys.
    const QJsonObject allKeys = inspect(exportItem(AllKeysPath, 1));
    const QString repeatName = QStringLiteral("item1_every_key");
    const QJsonObject repeat = allKeys[QStringLiteral("options")][QStringLiteral("scenarios")][repeatName].toObject();
    QCOMPARE(repeat[QStringLiteral("iterations")].toInt(), 3);
    QCOMPARE(repeat[QStringLiteral("maxDuration")].toString(), QStringLiteral("5s100ms"));
    const QJsonObject repeatCalls = allKeys[QStringLiteral("calls")][repeatName].toObject();
    QCOMPARE(repeatCalls[QStringLiteral("sleeps")].toArray(), (QJsonArray{0.2}));
    // The stand-in answers 200 in 5 ms: the status check fails, the time check passes.
    QCOMPARE(repeatCalls[QStringLiteral("checks")].toArray(),
             (QJsonArray{QJsonObject{{QStringLiteral("status is 201"), false},
                                     {QStringLiteral("response time at most 400 ms"), true}}}));
}

void TestK6ScriptWriter::aSingleCallIsOneIteration()
{
    // "5% packet loss for 4s", a single call with a 500 ms timeout and both expectations.
    const QJsonObject inspected = inspect(exportItem(DemoPath, 4));
    const QString name = QStringLiteral("item4_5_packet_loss_for_4s");
    const QJsonObject scenario = inspected[QStringLiteral("options")][QStringLiteral("scenarios")][name].toObject();
    QCOMPARE(scenario[QStringLiteral("executor")].toString(), QStringLiteral("per-vu-iterations"));
    QCOMPARE(scenario[QStringLiteral("iterations")].toInt(), 1);
    QCOMPARE(scenario[QStringLiteral("maxDuration")].toString(), QStringLiteral("500ms"));
    const QJsonObject request
        = inspected[QStringLiteral("calls")][name][QStringLiteral("requests")].toArray().first().toObject();
    QCOMPARE(request[QStringLiteral("params")][QStringLiteral("timeout")].toString(), QStringLiteral("500ms"));
    // Items with no strategy at all are single calls too.
    const QJsonObject defaults = inspect(exportItem(AllKeysPath, 4))[QStringLiteral("options")].toObject();
    QCOMPARE(
        defaults[QStringLiteral("scenarios")][QStringLiteral("item4_single_with_defaults")][QStringLiteral("executor")]
            .toString(),
        QStringLiteral("per-vu-iterations"));
    QVERIFY(defaults[QStringLiteral("thresholds")].toObject().isEmpty());
}

void TestK6ScriptWriter::itemsRunOneAfterAnother()
{
    // Each starts when the one before has ended at the latest: per-vu-iterations after maxDuration,
    // constant-arrival-rate after its duration and gracefulStop.
    const K6ScriptWriter::Result result = exportFile(DemoPath);
    const QJsonObject scenarios = inspect(result)[QStringLiteral("options")][QStringLiteral("scenarios")].toObject();
    QCOMPARE(result.scenarioNames.size(), 8);
    QStringList startTimes;
    for (const QString& name : result.scenarioNames) {
        startTimes.append(scenarios[name][QStringLiteral("startTime")].toString());
    }
    QCOMPARE(startTimes,
             (QStringList{QStringLiteral("0s"), QStringLiteral("30s"), QStringLiteral("3m30s"), QStringLiteral("4m10s"),
                          QStringLiteral("4m10s500ms"), QStringLiteral("4m40s500ms"), QStringLiteral("5m25s500ms"),
                          QStringLiteral("6m3s500ms")}));
    QCOMPARE(scenarios.keys().size(), 8);
}

void TestK6ScriptWriter::callsCarryHeadersBodyAndSegments()
{
    const K6ScriptWriter::Result result = exportFile(AllKeysPath);
    const QJsonObject calls = inspect(result)[QStringLiteral("calls")].toObject();
    const QJsonObject post = calls[QStringLiteral("item1_every_key")][QStringLiteral("requests")][0].toObject();
    QCOMPARE(post[QStringLiteral("method")].toString(), QStringLiteral("POST"));
    QCOMPARE(post[QStringLiteral("url")].toString(), QStringLiteral("http://localhost:9090/users/7"));
    QCOMPARE(post[QStringLiteral("body")].toString(), QStringLiteral(R"({"name": "ada"})"));
    QCOMPARE(post[QStringLiteral("params")][QStringLiteral("timeout")].toString(), QStringLiteral("1s500ms"));
    // config.http.headers first, then the call's.
    QCOMPARE(post[QStringLiteral("params")][QStringLiteral("headers")].toObject(),
             (QJsonObject{{QStringLiteral("Authorization"), QStringLiteral("Bearer not-a-real-token")},
                          {QStringLiteral("Content-Type"), QStringLiteral("application/json")},
                          {QStringLiteral("X-Trace"), QStringLiteral("42")}}));
    const QJsonObject get = calls[QStringLiteral("item2_every_key")][QStringLiteral("requests")][0].toObject();
    QCOMPARE(get[QStringLiteral("method")].toString(), QStringLiteral("GET"));
    QCOMPARE(get[QStringLiteral("url")].toString(), QStringLiteral("https://example.test/health"));
    QVERIFY(get[QStringLiteral("body")].isNull());
    const QJsonObject ipv6
        = calls[QStringLiteral("item4_single_with_defaults")][QStringLiteral("requests")][0].toObject();
    QCOMPARE(ipv6[QStringLiteral("url")].toString(), QStringLiteral("http://[::1]:8080/"));
    QCOMPARE(ipv6[QStringLiteral("params")][QStringLiteral("timeout")].toString(), QStringLiteral("30s"));
    // Aftershock's failed call: no response or a 5xx.
    QCOMPARE(inspect(result)[QStringLiteral("responseCallback")].toObject(),
             (QJsonObject{{QStringLiteral("expectedStatuses"),
                           QJsonArray{QJsonObject{{QStringLiteral("min"), 100}, {QStringLiteral("max"), 499}}}}}));
}

void TestK6ScriptWriter::anOriginVariableSendsTheCallThroughTheProxy()
{
    const QJsonObject calls
        = inspect(exportFile(AllKeysPath),
                  {{QStringLiteral("AFTERSHOCK_ORIGIN_1"), QStringLiteral("http://127.0.0.1:18001")},
                   {QStringLiteral("AFTERSHOCK_ORIGIN_4"),
                    QStringLiteral("http://127.0.0.1:18004")}})[QStringLiteral("calls")]
              .toObject();
    const QJsonObject post = calls[QStringLiteral("item1_every_key")][QStringLiteral("requests")][0].toObject();
    QCOMPARE(post[QStringLiteral("url")].toString(), QStringLiteral("http://127.0.0.1:18001/users/7"));
    QCOMPARE(post[QStringLiteral("params")][QStringLiteral("headers")][QStringLiteral("Host")].toString(),
             QStringLiteral("localhost:9090"));
    QCOMPARE(post[QStringLiteral("params")][QStringLiteral("headers")][QStringLiteral("X-Trace")].toString(),
             QStringLiteral("42"));
    const QJsonObject ipv6
        = calls[QStringLiteral("item4_single_with_defaults")][QStringLiteral("requests")][0].toObject();
    QCOMPARE(ipv6[QStringLiteral("url")].toString(), QStringLiteral("http://127.0.0.1:18004/"));
    QCOMPARE(ipv6[QStringLiteral("params")][QStringLiteral("headers")][QStringLiteral("Host")].toString(),
             QStringLiteral("[::1]:8080"));
    // Items whose variable is not set still call their service.
    QCOMPARE(calls[QStringLiteral("item2_every_key")][QStringLiteral("requests")][0][QStringLiteral("url")].toString(),
             QStringLiteral("https://example.test/health"));
}

void TestK6ScriptWriter::theTopCommentSaysWhatIsLeftOutAndHow()
{
    K6ScriptWriter::Options options;
    options.scriptPath = QStringLiteral("demo k6.js");
    const QStringList lines = topCommentLines(exportFile(DemoPath, options).script);
    for (const QString& line : lines) {
        QVERIFY2(line.startsWith(QStringLiteral("//")), qPrintable(line));
    }
    const QString comment = lines.join(QLatin1Char('\n'));
    const QString path = QFileInfo(DemoPath).absoluteFilePath();
    const QStringList expected{
        QStringLiteral("// Its scenarios run one after another, as Aftershock runs the items:"),
        QStringLiteral("//   item3_periodic_150_250_ms_latency_pulses: item 3, \"Periodic 150-250 ms latency "
                       "pulses during load\", from 3m30s: load for 10s at 6 calls a second, 3 to 12 VUs "
                       "(constant-arrival-rate)"),
        QStringLiteral("//   - item 1, fault: Latency (client side, ingress): normal, mean 800 ms, stddev 100 ms, "
                       "once per request"),
        QStringLiteral("//   - item 2: the latency mean growing by 100 ms a call (step); the proxy applies the "
                       "faults as written"),
        QStringLiteral("//   - item 3, fault: Latency (server side, ingress): normal, mean 250 ms, stddev 20 ms, once "
                       "per request, period start:40%,duration:15%"),
        QStringLiteral("//   - item 3, SLO \"P95 < 300ms\": a call that got no response counts over any threshold in "
                       "Aftershock; k6 counts it by the time it took"),
        QStringLiteral("//   - item 4, fault: Packet loss (server side, egress)"),
        QStringLiteral("//   - item 4: response_time_under is checked against k6's timings.duration, which leaves "
                       "out connecting; Aftershock's total time does not"),
        QStringLiteral("//   aftershock-cli proxy --proxy-address 127.0.0.1:0 --proxy "
                       "http:127.0.0.1:18001=localhost:9090 --scenario %1 --item 1 --duration 30s &")
            .arg(path),
        QStringLiteral("//   (sleep 210 && exec aftershock-cli proxy --proxy-address 127.0.0.1:0 --proxy "
                       "http:127.0.0.1:18003=localhost:9090 --scenario %1 --item 3 --duration 10s) &")
            .arg(path),
        QStringLiteral("//   k6 run -e AFTERSHOCK_ORIGIN_1=http://127.0.0.1:18001 -e "
                       "AFTERSHOCK_ORIGIN_2=http://127.0.0.1:18002"),
        QStringLiteral("-e AFTERSHOCK_ORIGIN_8=http://127.0.0.1:18008 'demo k6.js'")};
    for (const QString& text : expected) {
        QVERIFY2(comment.contains(text), qPrintable(text + QStringLiteral("\n\nnot in:\n") + comment));
    }

    // An SLO k6 has no threshold for is said, not dropped.
    Scenario percentile;
    percentile.title = QStringLiteral("Percentile");
    Item load;
    load.call.url = QStringLiteral("http://127.0.0.1:8080/");
    load.context = Context{
        .upstreams = {},
        .faults = {},
        .strategy = LoadStrategy{.duration = 1000, .clients = 1, .rps = 1, .maxClients = {}},
        .slo = {Slo{.type = SloType::Latency, .title = QStringLiteral("p0"), .objective = 0, .threshold = 5},
                Slo{.type = SloType::Latency, .title = QStringLiteral("all"), .objective = 100, .threshold = 900}}};
    percentile.items = {load};
    const K6ScriptWriter::Result percentiles = K6ScriptWriter::write(fileOf(percentile, QStringLiteral("p.yaml")));
    QVERIFY(topCommentLines(percentiles.script)
                .contains(QStringLiteral("//   - item 1, SLO \"p0\": objective 0 is no percentile k6 takes")));
    QCOMPARE(inspect(percentiles)[QStringLiteral("options")][QStringLiteral("thresholds")].toObject(),
             (QJsonObject{{QStringLiteral("http_req_duration{scenario:item1_percentile}"),
                           strings({QStringLiteral("max<=900")})}}));

    // A file with no faults needs no proxy; an https one needs k6 to accept the service's certificate.
    const QByteArray plain = R"(title: plain
items:
  - call: {method: GET, url: "http://127.0.0.1:8080/"}
)";
    QVERIFY(
        QString::fromUtf8(K6ScriptWriter::write(ScenarioLoader::loadText(plain, QStringLiteral("plain.yaml"))).script)
            .contains(QStringLiteral("// No item has faults: k6 calls the services directly.")));
    const QString allKeys = QString::fromUtf8(exportFile(AllKeysPath).script);
    QVERIFY(allKeys.contains(QStringLiteral("--proxy https:127.0.0.1:18002=example.test:443")));
    QVERIFY(allKeys.contains(QStringLiteral(" --insecure-skip-tls-verify script.js")));
    QVERIFY2(!allKeys.contains(QStringLiteral("--item 4")), "item 4 has no faults, and no proxy");
    // Words a shell would act on are quoted.
    const QByteArray ipv6 = R"(title: v6
items:
  - call: {method: GET, url: "http://[::1]:8080/"}
    context:
      faults: [{type: blackhole}]
)";
    QVERIFY(
        QString::fromUtf8(K6ScriptWriter::write(ScenarioLoader::loadText(ipv6, QStringLiteral("it's v6.yaml"))).script)
            .contains(QStringLiteral("--proxy 'http:127.0.0.1:18001=[::1]:8080' --scenario '%1' --item 1")
                          .arg(QFileInfo(QStringLiteral("it's v6.yaml"))
                                   .absoluteFilePath()
                                   .replace(QStringLiteral("'"), QStringLiteral("'\\''")))));
    // Unsaved scenarios (the GUI's demo) name the file they are to be saved as.
    const QString unsaved = QString::fromUtf8(K6ScriptWriter::write(ScenarioLoader::loadText(plain + R"(    context:
      faults: [{type: blackhole}]
)",
                                                                                             QString()))
                                                  .script);
    QVERIFY2(unsaved.contains(QStringLiteral("save them as SCENARIO.yaml first")), qPrintable(unsaved));
    QVERIFY(unsaved.contains(QStringLiteral("--scenario SCENARIO.yaml --item 1 --duration 30s &")));
}

void TestK6ScriptWriter::refusalsNameTheItem()
{
    K6ScriptWriter::Options loadOnly;
    loadOnly.loadOnly = true;
    const K6ScriptWriter::Result demo = exportFile(DemoPath, loadOnly);
    QVERIFY(!demo.ok());
    QCOMPARE(demo.diagnostics.size(), 4); // items 1, 2, 4 and 5
    const Diagnostic& first = demo.diagnostics.first();
    QVERIFY(first.severity == Diagnostic::Severity::Error);
    QCOMPARE(first.location.file, DemoPath);
    QCOMPARE(first.location.line, 6);
    QCOMPARE(first.message,
             QStringLiteral("item 1 (\"Single high-latency spike (client ingress)\") cannot be exported to k6: it is a "
                            "single call, not load, and only load items were asked for (k6's constant-arrival-rate)"));
    QVERIFY(demo.diagnostics.at(1).message.startsWith(QStringLiteral("item 2 (\"Stair-step latency growth")));
    QVERIFY(demo.diagnostics.at(1).message.contains(QStringLiteral("it is a repeat, not load")));
    loadOnly.item = 3;
    QVERIFY(exportFile(DemoPath, loadOnly).ok());

    const QByteArray unfilled = R"(title: Users
items:
  - call: {method: GET, url: "http://127.0.0.1:8080/"}
  - call: {method: GET, url: "http://127.0.0.1:8080/users/{user_id}"}
)";
    const K6ScriptWriter::Result segment
        = K6ScriptWriter::write(ScenarioLoader::loadText(unfilled, QStringLiteral("users.yaml")));
    QCOMPARE(segment.diagnostics.size(), 1);
    QCOMPARE(segment.diagnostics.first().toString(),
             QStringLiteral("users.yaml:4: error: item 2 (\"Users\") cannot be exported to k6: the URL's {user_id} "
                            "has no value in config.http.paths.segments"));

    // What the runner would not send is not exported either.
    Scenario notHttp;
    notHttp.title = QStringLiteral("Files");
    Item ftp;
    ftp.call.url = QStringLiteral("ftp://127.0.0.1/file");
    notHttp.items = {ftp};
    const K6ScriptWriter::Result scheme = K6ScriptWriter::write(fileOf(notHttp, QStringLiteral("files.yaml")));
    QCOMPARE(scheme.diagnostics.size(), 1);
    QVERIFY2(scheme.diagnostics.first().toString().startsWith(
                 QStringLiteral("files.yaml:3: error: item 1 (\"Files\") cannot be exported to k6: cannot call")),
             qPrintable(scheme.diagnostics.first().toString()));

    K6ScriptWriter::Options missing;
    missing.item = 9;
    const K6ScriptWriter::Result outOfRange = exportFile(DemoPath, missing);
    QCOMPARE(outOfRange.diagnostics.size(), 1);
    QCOMPARE(outOfRange.diagnostics.first().message,
             QStringLiteral("there is no item 9 to export: the file has 8 (counted from 1)"));
}

void TestK6ScriptWriter::namesAreK6ScenarioNamesAndIdentifiers()
{
    const QByteArray titles = R"(title: "±±±"
items:
  - call: {method: GET, url: "http://127.0.0.1:8080/"}
---
title: "  Ünïcödé -- and   SPACES!! with a title far longer than anyone would read in a summary  "
items:
  - call: {method: GET, url: "http://127.0.0.1:8080/"}
  - call: {method: GET, url: "http://127.0.0.1:8080/"}
)";
    const K6ScriptWriter::Result result = K6ScriptWriter::write(ScenarioLoader::loadText(titles, QStringLiteral("t")));
    QCOMPARE(result.scenarioNames,
             (QStringList{QStringLiteral("item1"), QStringLiteral("item2_n_c_d_and_spaces_with_a_title_far_longer"),
                          QStringLiteral("item3_n_c_d_and_spaces_with_a_title_far_longer")}));
    const QJsonObject scenarios = inspect(result)[QStringLiteral("options")][QStringLiteral("scenarios")].toObject();
    QCOMPARE(scenarios.size(), 3);
}

void TestK6ScriptWriter::textIsEscaped()
{
    // Quotes, backslashes, line ends of every kind, a closing script tag, a template literal and
    // a comment's end, in the title (comments, names), a header value and the body (strings).
    const QString hostile = QStringLiteral("a \"quote\" 'single' \\back\\slash\nnew line\r\n</script><!-- "
                                           "`${process.exit(3)}` */ end")
        + QChar(0x2028) + QStringLiteral("sep") + QChar(0x2029) + QStringLiteral("para ✓");
    Scenario scenario;
    scenario.title = hostile;
    Item item;
    item.call.url = QStringLiteral("http://127.0.0.1:8080/");
    item.call.method = QStringLiteral("POST");
    item.call.body = hostile;
    item.call.headers = {{QStringLiteral("X-Note"), QStringLiteral("</script> \"x\" \\ ✓")}};
    item.expect = Expectation{.status = 200, .responseTimeUnder = {}, .allSloAreValid = {}};
    // With a fault, the proxy command names the file too.
    item.context
        = Context{.upstreams = {}, .faults = {makeDefaultFault(FaultType::Blackhole)}, .strategy = {}, .slo = {}};
    scenario.items = {item};
    const K6ScriptWriter::Result result
        = K6ScriptWriter::write(fileOf(scenario, QStringLiteral("hostile \"</script>\n.yaml")));
    QVERIFY(result.ok());
    QCOMPARE(m_inspector.syntaxError(result.script), QString());
    // Raw, these would end a <script> element, even in a comment, or (before ES2019) a string.
    QVERIFY(!result.script.contains("</script>"));
    QVERIFY(!QString::fromUtf8(result.script).contains(QChar(0x2028)));
    QVERIFY(!QString::fromUtf8(result.script).contains(QChar(0x2029)));
    const QJsonObject inspected = inspect(result);
    const QJsonObject request
        = inspected[QStringLiteral("calls")][QStringLiteral("item1_a_quote_single_back_slash_new_line")]
                   [QStringLiteral("requests")][0]
                       .toObject();
    QCOMPARE(request[QStringLiteral("body")].toString(), hostile);
    QCOMPARE(request[QStringLiteral("params")][QStringLiteral("headers")][QStringLiteral("X-Note")].toString(),
             QStringLiteral("</script> \"x\" \\ ✓"));
    // Every line of the top comment is still a comment.
    for (const QString& line : topCommentLines(result.script)) {
        QVERIFY2(line.startsWith(QStringLiteral("//")), qPrintable(line));
    }
    const QString script = QString::fromUtf8(result.script);
    static const QRegularExpression title(QStringLiteral("^// Item 1: \"a \"quote\" .*<\\\\/script>.*para ✓\"$"),
                                          QRegularExpression::MultilineOption);
    QVERIFY(title.match(script).hasMatch());
}

QTEST_GUILESS_MAIN(TestK6ScriptWriter)
#include "TestK6ScriptWriter.moc"
