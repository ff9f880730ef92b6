#include "advisor/MarkdownCheck.h"

#include <QTest>

class TestMarkdownCheck : public QObject
{
    Q_OBJECT

private slots:
    void judgesAnAnswer_data();
    void judgesAnAnswer();
};

void TestMarkdownCheck::judgesAnAnswer_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("problem"); // a part of the first problem; empty when it is kept

    QTest::newRow("kept") << QStringLiteral("## Posture\n\n*In short*\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n```diff\n"
                                            "--- a/app.py\n+++ b/app.py\n@@ -1 +1 @@\n-x\n+y\n```\n")
                          << QString();
    QTest::newRow("pipes in code and escaped")
        << QStringLiteral("| A | B |\n|:--|--:|\n| `a|b` | c \\| d |\n") << QString();
    QTest::newRow("a table in a code block is not one") << QStringLiteral("```\n| a |\n| b |\n```\n") << QString();
    QTest::newRow("empty") << QStringLiteral("  \n") << QStringLiteral("the answer is empty");
    QTest::newRow("no separator") << QStringLiteral("Text\n\n| A | B |\n| 1 | 2 |\n")
                                  << QStringLiteral("the table at line 3 has no header separator row");
    QTest::newRow("a short row") << QStringLiteral("| A | B | C |\n|---|---|---|\n| 1 | 2 |\n")
                                 << QStringLiteral(
                                        "the row at line 3 of the table at line 1 has 2 cells, its header 3");
    QTest::newRow("unclosed fence") << QStringLiteral("Intro\n\n```python\nx = 1\n")
                                    << QStringLiteral("the code block opened at line 3 is never closed");
    QTest::newRow("bare diff") << QStringLiteral("Change:\n\n--- a/app.py\n+++ b/app.py\n@@ -1 +1 @@\n")
                               << QStringLiteral("the diff at line 3 is not inside a fenced block");
}

void TestMarkdownCheck::judgesAnAnswer()
{
    QFETCH(QString, markdown);
    QFETCH(QString, problem);
    const QStringList problems = MarkdownCheck::problemsOf(markdown);
    if (problem.isEmpty()) {
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
    } else {
        QVERIFY(!problems.isEmpty());
        QVERIFY2(problems.first().contains(problem), qPrintable(problems.first()));
    }
}

QTEST_GUILESS_MAIN(TestMarkdownCheck)
#include "TestMarkdownCheck.moc"
