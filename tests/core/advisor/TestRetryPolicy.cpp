#include "advisor/RetryPolicy.h"

#include <QTest>

using std::chrono::milliseconds;

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private slots:
    void retriesWhatMayPass_data();
    void retriesWhatMayPass();
    void neverRetriesOnceTextArrived();
    void stopsAfterTheLastAttempt();
    void doublesWithJitter();
    void honoursRetryAfter();
    void givesUpOnAnOverlongRetryAfter();
    void parsesRetryAfter_data();
    void parsesRetryAfter();
};

void TestRetryPolicy::retriesWhatMayPass_data()
{
    QTest::addColumn<LlmErrorKind>("kind");
    QTest::addColumn<bool>("retried");
    QTest::newRow("rate limited") << LlmErrorKind::RateLimited << true;
    QTest::newRow("overloaded") << LlmErrorKind::Overloaded << true;
    QTest::newRow("server error") << LlmErrorKind::ServerError << true;
    QTest::newRow("network") << LlmErrorKind::Network << true;
    QTest::newRow("timeout") << LlmErrorKind::Timeout << true;
    QTest::newRow("bad key") << LlmErrorKind::BadKey << false;
    QTest::newRow("quota") << LlmErrorKind::QuotaExceeded << false;
    QTest::newRow("unknown model") << LlmErrorKind::UnknownModel << false;
    QTest::newRow("context") << LlmErrorKind::ContextTooLong << false;
    QTest::newRow("refused") << LlmErrorKind::Refused << false;
    QTest::newRow("bad request") << LlmErrorKind::BadReply << false;
    QTest::newRow("mid-stream") << LlmErrorKind::MidStream << false;
    QTest::newRow("cancelled") << LlmErrorKind::Cancelled << false;
}

void TestRetryPolicy::retriesWhatMayPass()
{
    QFETCH(LlmErrorKind, kind);
    QFETCH(bool, retried);
    const RetryPolicy policy(4, milliseconds(100));
    QCOMPARE(policy.delayBefore(2, {.kind = kind, .message = {}, .httpStatus = 0}, false, std::nullopt).has_value(),
             retried);
}

void TestRetryPolicy::neverRetriesOnceTextArrived()
{
    const RetryPolicy policy(4, milliseconds(100));
    QVERIFY(
        !policy.delayBefore(2, {.kind = LlmErrorKind::Network, .message = {}, .httpStatus = 0}, true, std::nullopt));
}

void TestRetryPolicy::stopsAfterTheLastAttempt()
{
    const RetryPolicy policy(3, milliseconds(100));
    const LlmError error{.kind = LlmErrorKind::ServerError, .message = {}, .httpStatus = 500};
    QVERIFY(policy.delayBefore(3, error, false, std::nullopt));
    QVERIFY(!policy.delayBefore(4, error, false, std::nullopt));
    QVERIFY(!RetryPolicy(1, milliseconds(100)).delayBefore(2, error, false, std::nullopt));
}

void TestRetryPolicy::doublesWithJitter()
{
    const RetryPolicy policy(10, milliseconds(1000));
    const LlmError error{.kind = LlmErrorKind::ServerError, .message = {}, .httpStatus = 500};
    for (int round = 0; round < 50; ++round) {
        const milliseconds first = *policy.delayBefore(2, error, false, std::nullopt);
        const milliseconds third = *policy.delayBefore(4, error, false, std::nullopt);
        QVERIFY(first >= milliseconds(500) && first <= milliseconds(1000));
        QVERIFY(third >= milliseconds(2000) && third <= milliseconds(4000));
    }
}

void TestRetryPolicy::honoursRetryAfter()
{
    const RetryPolicy policy(4, milliseconds(10));
    const LlmError rateLimited{.kind = LlmErrorKind::RateLimited, .message = {}, .httpStatus = 429};
    QCOMPARE(*policy.delayBefore(2, rateLimited, false, milliseconds(3000)), milliseconds(3000));
    const LlmError overloaded{.kind = LlmErrorKind::Overloaded, .message = {}, .httpStatus = 529};
    QCOMPARE(*policy.delayBefore(2, overloaded, false, milliseconds(2000)), milliseconds(2000));
    // Only where the standard (and the providers) give it meaning.
    const LlmError serverError{.kind = LlmErrorKind::ServerError, .message = {}, .httpStatus = 500};
    QVERIFY(*policy.delayBefore(2, serverError, false, milliseconds(3000)) <= milliseconds(10));
}

void TestRetryPolicy::givesUpOnAnOverlongRetryAfter()
{
    const RetryPolicy policy(4, milliseconds(10));
    const LlmError error{.kind = LlmErrorKind::RateLimited, .message = {}, .httpStatus = 429};
    QVERIFY(!policy.delayBefore(2, error, false, RetryPolicy::MaxDelay + milliseconds(1)));
}

void TestRetryPolicy::parsesRetryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expectedMs"); // -1: not a Retry-After value
    QTest::newRow("seconds") << QByteArray("2") << qint64(2000);
    QTest::newRow("spaces") << QByteArray(" 1 ") << qint64(1000);
    QTest::newRow("fraction") << QByteArray("0.5") << qint64(500);
    QTest::newRow("HTTP-date") << QByteArray("Wed, 21 Oct 2015 07:28:05 GMT") << qint64(5000);
    QTest::newRow("past date") << QByteArray("Wed, 21 Oct 2015 07:27:00 GMT") << qint64(0);
    QTest::newRow("negative") << QByteArray("-3") << qint64(-1);
    QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
    QTest::newRow("empty") << QByteArray() << qint64(-1);
}

void TestRetryPolicy::parsesRetryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expectedMs);
    const QDateTime now(QDate(2015, 10, 21), QTime(7, 28, 0), Qt::UTC);
    const std::optional<milliseconds> parsed = RetryPolicy::parseRetryAfter(value, now);
    QCOMPARE(parsed ? parsed->count() : -1, expectedMs);
}

QTEST_APPLESS_MAIN(TestRetryPolicy)
#include "TestRetryPolicy.moc"
