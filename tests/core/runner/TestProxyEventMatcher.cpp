#include "runner/ProxyEventMatcher.h"

#include <QTest>

namespace
{
// An item with two latency faults, active in turn, and a black hole.
Item itemWithFaults()
{
    return Item{.call = Call{.url = QStringLiteral("http://127.0.0.1:9/")},
                .context = Context{.faults = {Fault{.parameters = LatencyFault{.mean = 100}},
                                              Fault{.parameters = LatencyFault{.mean = 250}},
                                              Fault{.parameters = BlackholeFault{}}}}};
}

ProxyEvent eventFor(const QString& callId, QList<ProxyEvent::AppliedFault> applied, const QString& error = {},
                    ProxyEvent::UpstreamFailure failure = ProxyEvent::UpstreamFailure::None)
{
    ProxyEvent event;
    event.callId = callId;
    event.applied = std::move(applied);
    event.error = error;
    event.upstreamFailure = failure;
    return event;
}
} // namespace

class TestProxyEventMatcher : public QObject
{
    Q_OBJECT

private slots:
    void appliesFaultsToTheirCalls();
    void proxyAnswersBecomeProxyErrors();
    void upstreamFailuresKeepTheirCause();
    void otherProxyErrorsLeaveTheCallAlone();
    void ignoresOtherItemsAndStrangers();
};

void TestProxyEventMatcher::appliesFaultsToTheirCalls()
{
    ProxyEventMatcher matcher;
    matcher.reset("run-3-", ItemFaultPlan(itemWithFaults()));
    // Delivered out of order, as the proxy's threads send them.
    matcher.add({eventFor(QStringLiteral("run-3-2"), {ProxyEvent::AppliedFault{.amount = 251}}),
                 eventFor(QStringLiteral("run-3-0"), {ProxyEvent::AppliedFault{.amount = 99}})});
    CallRecords calls{CallRecord{.index = 0, .activeFaults = 0b001, .status = 200},
                      CallRecord{.index = 1, .status = 200},
                      CallRecord{.index = 2, .activeFaults = 0b010, .status = 200}};
    const QList<AppliedFault> applied = matcher.resolve(calls);
    QCOMPARE(applied.size(), 2);
    QCOMPARE(applied.at(0).callIndex, 0u);
    QCOMPARE(applied.at(0).faultIndex, quint8(0));
    QCOMPARE(applied.at(0).amount, 99.0f);
    QCOMPARE(applied.at(1).callIndex, 2u);
    QCOMPARE(applied.at(1).faultIndex, quint8(1)); // the latency fault active for that call
    QCOMPARE(calls.at(0).appliedFaults, 0b001u);
    QCOMPARE(calls.at(1).appliedFaults, 0u);
    QCOMPARE(calls.at(2).appliedFaults, 0b010u);
}

void TestProxyEventMatcher::proxyAnswersBecomeProxyErrors()
{
    ProxyEventMatcher matcher;
    matcher.reset("run-3-", ItemFaultPlan(itemWithFaults()));
    const QString broken = QStringLiteral("127.0.0.1:9 closed the connection without a response");
    const auto other = ProxyEvent::UpstreamFailure::Other;
    matcher.add({eventFor(QStringLiteral("run-3-0"), {}, broken, other),
                 eventFor(QStringLiteral("run-3-1"), {}, broken, other),
                 eventFor(QStringLiteral("run-3-2"), {}, broken, other)});
    CallRecords calls{CallRecord{.index = 0, .status = 502},
                      CallRecord{.index = 1, .errorClass = CallErrorClass::Timeout},
                      CallRecord{.index = 2, .errorClass = CallErrorClass::Reset}};
    matcher.resolve(calls);
    // The proxy's 502 and a broken exchange stand for the upstream; the call's own timeout stays.
    QCOMPARE(toString(calls.at(0).errorClass), toString(CallErrorClass::ProxyError));
    QVERIFY(calls.at(0).failed());
    QCOMPARE(toString(calls.at(1).errorClass), toString(CallErrorClass::Timeout));
    QCOMPARE(toString(calls.at(2).errorClass), toString(CallErrorClass::ProxyError));
}

void TestProxyEventMatcher::upstreamFailuresKeepTheirCause()
{
    ProxyEventMatcher matcher;
    matcher.reset("run-3-", ItemFaultPlan(itemWithFaults()));
    matcher.add({eventFor(QStringLiteral("run-3-0"), {}, QStringLiteral("cannot connect"),
                          ProxyEvent::UpstreamFailure::Refused),
                 eventFor(QStringLiteral("run-3-1"), {}, QStringLiteral("cannot connect"),
                          ProxyEvent::UpstreamFailure::HostNotFound)});
    CallRecords calls{CallRecord{.index = 0, .status = 502}, CallRecord{.index = 1, .status = 502}};
    matcher.resolve(calls);
    // The upstream refused, or its name did not resolve: said as such, not as the proxy's trouble.
    QCOMPARE(toString(calls.at(0).errorClass), toString(CallErrorClass::Refused));
    QCOMPARE(calls.at(0).status, quint16(0));
    QCOMPARE(toString(calls.at(1).errorClass), toString(CallErrorClass::Dns));
}

void TestProxyEventMatcher::otherProxyErrorsLeaveTheCallAlone()
{
    ProxyEventMatcher matcher;
    matcher.reset("run-3-", ItemFaultPlan(itemWithFaults()));
    // A stream that loss reset, and an injected 500: the proxy logs an error for both, but neither
    // is the upstream's doing.
    matcher.add({eventFor(QStringLiteral("run-3-0"), {ProxyEvent::AppliedFault{.type = FaultType::Blackhole}},
                          QStringLiteral("the client closed the connection")),
                 eventFor(QStringLiteral("run-3-1"), {}, QStringLiteral("injected HTTP error"))});
    CallRecords calls{CallRecord{.index = 0, .activeFaults = 0b100, .errorClass = CallErrorClass::Reset},
                      CallRecord{.index = 1, .status = 500}};
    matcher.resolve(calls);
    QCOMPARE(toString(calls.at(0).errorClass), toString(CallErrorClass::Reset));
    QCOMPARE(calls.at(0).appliedFaults, 0b100u);
    QCOMPARE(toString(calls.at(1).errorClass), toString(CallErrorClass::None));
    QCOMPARE(calls.at(1).status, quint16(500));
}

void TestProxyEventMatcher::ignoresOtherItemsAndStrangers()
{
    ProxyEventMatcher matcher;
    matcher.reset("run-3-", ItemFaultPlan(itemWithFaults()));
    const QList<ProxyEvent::AppliedFault> delay{ProxyEvent::AppliedFault{.amount = 100}};
    matcher.add({eventFor(QStringLiteral("run-2-0"), delay), eventFor(QString(), delay),
                 eventFor(QStringLiteral("run-3-x"), delay), eventFor(QStringLiteral("run-3-7"), delay),
                 eventFor(QStringLiteral("run-3-0"), {ProxyEvent::AppliedFault{.type = FaultType::Jitter}})});
    CallRecords calls{CallRecord{.index = 0, .activeFaults = 0b001, .status = 200}};
    QVERIFY(matcher.resolve(calls).isEmpty()); // call 7 never came back; the item has no jitter
    QCOMPARE(calls.first().appliedFaults, 0u);
}

QTEST_GUILESS_MAIN(TestProxyEventMatcher)
#include "TestProxyEventMatcher.moc"
