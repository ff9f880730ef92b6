#include "runner/ScenarioRunnerImpl.h"
#include "runner/TestVerdict.h"
#include "support/TlsTestServer.h"

#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTest>

namespace
{
constexpr int RunTimeoutMs = 60000;
constexpr double LatencyMs = 300;

Fault latency()
{
    return Fault{.parameters = LatencyFault{.mean = LatencyMs, .stddev = 0}};
}

// The first applied amount of fault 0 that the proxy reported for call index.
std::optional<double> appliedAmount(const ItemResult& item, quint32 index)
{
    for (const AppliedFault& applied : item.appliedFaults) {
        if (applied.callIndex == index && applied.faultIndex == 0) {
            return applied.amount;
        }
    }
    return std::nullopt;
}
} // namespace

// The runner calling https URLs through the real proxy's CONNECT tunnels, against a local server
// with a certificate openssl made for the test.
class TestScenarioRunnerHttps : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void anUntrustedCertificateIsTheCallsTlsError();
    void insecureAcceptsASelfSignedCertificate();
    void latencyDelaysEachSingleAndRepeatCallOnce();
    void loadWithABlackholeWindow();

private:
    Item item(Context context = {}) const;
    RunResultPointer run(const Item& item, RunOptions options = {});

    TlsTestServer m_server;
    QSslConfiguration m_defaultConfiguration;
    QStringList m_warnings;
};

void TestScenarioRunnerHttps::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
    m_defaultConfiguration = QSslConfiguration::defaultConfiguration();
}

void TestScenarioRunnerHttps::init()
{
    m_warnings.clear();
    m_server.trustCertificate();
}

void TestScenarioRunnerHttps::cleanup()
{
    QSslConfiguration::setDefaultConfiguration(m_defaultConfiguration);
}

Item TestScenarioRunnerHttps::item(Context context) const
{
    context.upstreams = {QStringLiteral("localhost:%1").arg(m_server.port())};
    return Item{.call = Call{.url = QStringLiteral("https://localhost:%1/").arg(m_server.port()), .timeout = 5000},
                .context = context,
                .expect = Expectation{.status = 200}};
}

RunResultPointer TestScenarioRunnerHttps::run(const Item& item, RunOptions options)
{
    ScenarioRunnerImpl runner;
    QSignalSpy finished(&runner, &ScenarioRunner::finished);
    connect(&runner, &ScenarioRunner::warning, this, [this](const QString& message) { m_warnings << message; });
    if (!runner.start({Scenario{.title = QStringLiteral("https"), .items = {item}}}, options)
        || !finished.wait(RunTimeoutMs)) {
        return nullptr;
    }
    return finished.first().first().value<RunResultPointer>();
}

void TestScenarioRunnerHttps::anUntrustedCertificateIsTheCallsTlsError()
{
    QSslConfiguration::setDefaultConfiguration(m_defaultConfiguration);
    const RunResultPointer result = run(item());
    QVERIFY(result);
    QCOMPARE(toString(result->status), toString(RunStatus::Completed)); // the call's error, not the run's
    const CallRecord& call = result->scenarios.at(0).items.at(0).calls.at(0);
    QCOMPARE(toString(call.errorClass), toString(CallErrorClass::Tls));
    QCOMPARE(TestVerdict::tally(*result).failed, 1);
    QCOMPARE(m_warnings.size(), 1);
    QVERIFY2(m_warnings.first().contains(QStringLiteral("TLS handshake with localhost failed"))
                 && m_warnings.first().contains(QStringLiteral("self-signed")),
             qPrintable(m_warnings.first()));
}

void TestScenarioRunnerHttps::insecureAcceptsASelfSignedCertificate()
{
    QSslConfiguration::setDefaultConfiguration(m_defaultConfiguration);
    const RunResultPointer result = run(item(), RunOptions{.insecure = true});
    QVERIFY(result);
    const CallRecord& call = result->scenarios.at(0).items.at(0).calls.at(0);
    QCOMPARE(toString(call.errorClass), toString(CallErrorClass::None));
    QCOMPARE(call.status, 200);
    QCOMPARE(TestVerdict::tally(*result).failed, 0);
}

void TestScenarioRunnerHttps::latencyDelaysEachSingleAndRepeatCallOnce()
{
    const RunResultPointer single = run(item(Context{.faults = {latency()}}));
    QVERIFY(single);
    const ItemResult& singleItem = single->scenarios.at(0).items.at(0);
    QCOMPARE(singleItem.calls.at(0).status, 200);
    QVERIFY(singleItem.calls.at(0).latencyMs() >= LatencyMs);
    QCOMPARE(appliedAmount(singleItem, 0).value_or(0), LatencyMs);

    const RunResultPointer repeat
        = run(item(Context{.faults = {latency()}, .strategy = RepeatStrategy{.count = 3, .step = 0}}));
    QVERIFY(repeat);
    const ItemResult& repeatItem = repeat->scenarios.at(0).items.at(0);
    QCOMPARE(repeatItem.calls.size(), 3);
    for (const CallRecord& call : repeatItem.calls) {
        QCOMPARE(call.status, 200);
        QVERIFY(call.latencyMs() >= LatencyMs);
        // Once a call: not for the CONNECT, not for the TLS handshake.
        QCOMPARE(appliedAmount(repeatItem, call.index).value_or(0), LatencyMs);
    }
    QCOMPARE(TestVerdict::tally(*repeat).failed, 0);
}

void TestScenarioRunnerHttps::loadWithABlackholeWindow()
{
    // A black-hole over the second half of a 2 s load; each call times out after 500 ms.
    const Fault blackhole{.parameters = BlackholeFault{}, .period = Period{.start = PeriodBound{.value = 50}}};
    Item load
        = item(Context{.faults = {blackhole}, .strategy = LoadStrategy{.duration = 2000, .clients = 2, .rps = 5}});
    load.call.timeout = 500;
    const RunResultPointer result = run(load);
    QVERIFY(result);
    const ItemResult& loadItem = result->scenarios.at(0).items.at(0);
    int passed = 0;
    int timedOut = 0;
    for (const CallRecord& call : loadItem.calls) {
        if (call.status == 200) {
            ++passed;
            QVERIFY(call.intendedStartUs - loadItem.startedAtUs < 1'000'000);
        } else {
            QCOMPARE(toString(call.errorClass), toString(CallErrorClass::Timeout));
            QVERIFY(call.appliedFaults & 1); // the black-hole swallowed it
            ++timedOut;
        }
    }
    QVERIFY2(passed >= 5 && timedOut >= 5,
             qPrintable(QStringLiteral("%1 passed, %2 timed out").arg(passed).arg(timedOut)));
    // The black-hole explains every timeout: the load item passes.
    QCOMPARE(TestVerdict::tally(*result).failed, 0);
}

QTEST_GUILESS_MAIN(TestScenarioRunnerHttps)
#include "TestScenarioRunnerHttps.moc"
