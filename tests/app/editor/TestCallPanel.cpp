#include "GuiTestSupport.h"
#include "editor/CallPanel.h"
#include "shell/StatusLabel.h"

#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

using namespace GuiTestSupport;

// The call's form: the URL checked as it is typed, the headers table, the body checked as JSON.
class TestCallPanel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void theUrlIsCheckedAsItIsTyped();
    void headersAreEditedInTheTable();
    void aJsonBodyIsCheckedWithItsLineAndColumn();

private:
    template<typename Widget>
    Widget* widget(const QString& name) const
    {
        return require<Widget>(m_panel.get(), name);
    }

    std::unique_ptr<CallPanel> m_panel;
};

void TestCallPanel::init()
{
    m_panel = std::make_unique<CallPanel>();
    m_panel->show();
}

void TestCallPanel::cleanup()
{
    m_panel.reset();
}

void TestCallPanel::theUrlIsCheckedAsItIsTyped()
{
    auto* url = widget<QLineEdit>(QStringLiteral("urlLineEdit"));
    auto* status = widget<StatusLabel>(QStringLiteral("urlStatusLabel"));
    QSignalSpy edited(m_panel.get(), &CallPanel::callEdited);
    url->setFocus();
    QTest::keyClicks(url, QStringLiteral("ftp:"));
    QCOMPARE(status->kind(), StatusLabel::Kind::Problem);
    QVERIFY2(status->text().contains(QStringLiteral("http://")), qPrintable(status->text()));

    url->clear();
    QTest::keyClicks(url, QStringLiteral("http://"));
    QCOMPARE(status->kind(), StatusLabel::Kind::Problem);
    QVERIFY2(status->text().contains(QStringLiteral("host")), qPrintable(status->text()));

    // White space never gets in; a path placeholder is fine.
    QTest::keyClicks(url, QStringLiteral("localhost:9090/users/ {user_id}"));
    QCOMPARE(url->text(), QStringLiteral("http://localhost:9090/users/{user_id}"));
    QCOMPARE(status->kind(), StatusLabel::Kind::Good);
    QCOMPARE(m_panel->call().url, url->text());
    QVERIFY(!edited.isEmpty());
    QCOMPARE(edited.constLast().at(0).toString(), QStringLiteral("URL"));
}

void TestCallPanel::headersAreEditedInTheTable()
{
    Call call;
    call.url = QStringLiteral("http://localhost:9090/");
    call.headers = {{QStringLiteral("Accept"), QStringLiteral("application/json")}};
    m_panel->setCall(call);
    auto* table = widget<QTableWidget>(QStringLiteral("headersTableWidget"));
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("application/json"));

    QSignalSpy edited(m_panel.get(), &CallPanel::callEdited);
    widget<QToolButton>(QStringLiteral("addHeaderButton"))->click();
    QCOMPARE(table->rowCount(), 2);
    // A row without a name is not a header yet.
    QVERIFY(edited.isEmpty());
    table->item(1, 0)->setText(QStringLiteral("X-Request-Id"));
    table->item(1, 1)->setText(QStringLiteral("42"));
    const HttpHeaders expected{{QStringLiteral("Accept"), QStringLiteral("application/json")},
                               {QStringLiteral("X-Request-Id"), QStringLiteral("42")}};
    QCOMPARE(m_panel->call().headers, expected);
    QCOMPARE(edited.constLast().at(0).toString(), QStringLiteral("headers"));

    table->setCurrentCell(0, 0);
    widget<QToolButton>(QStringLiteral("removeHeaderButton"))->click();
    QCOMPARE(m_panel->call().headers, HttpHeaders({expected.at(1)}));
}

void TestCallPanel::aJsonBodyIsCheckedWithItsLineAndColumn()
{
    auto* body = widget<QPlainTextEdit>(QStringLiteral("bodyPlainTextEdit"));
    auto* status = widget<StatusLabel>(QStringLiteral("bodyStatusLabel"));
    QCOMPARE(status->kind(), StatusLabel::Kind::Note);

    body->setPlainText(QStringLiteral("{\n  \"name\": \"Ada\",\n  \"age\": }"));
    QCOMPARE(status->kind(), StatusLabel::Kind::Problem);
    QVERIFY2(status->text().contains(QStringLiteral("line 3")), qPrintable(status->text()));

    body->setPlainText(QStringLiteral("{\n  \"name\": \"Ada\",\n  \"age\": 36\n}"));
    QCOMPARE(status->kind(), StatusLabel::Kind::Good);
    QCOMPARE(m_panel->call().body.value_or(QString()), body->toPlainText());

    // Not meant as JSON: sent as it is, without a complaint.
    body->setPlainText(QStringLiteral("name=Ada"));
    QCOMPARE(status->kind(), StatusLabel::Kind::Note);
}

QTEST_MAIN(TestCallPanel)
#include "TestCallPanel.moc"
