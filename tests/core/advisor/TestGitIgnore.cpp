#include "advisor/GitIgnore.h"

#include <QTest>

class TestGitIgnore : public QObject
{
    Q_OBJECT

private slots:
    void matchesAsGitDoes_data();
    void matchesAsGitDoes();
    void matchesRelativeToItsFolder();
};

void TestGitIgnore::matchesAsGitDoes_data()
{
    QTest::addColumn<QString>("patterns");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("isDirectory");
    QTest::addColumn<int>("verdict");
    const int unmatched = static_cast<int>(GitIgnore::Verdict::Unmatched);
    const int ignored = static_cast<int>(GitIgnore::Verdict::Ignored);
    const int included = static_cast<int>(GitIgnore::Verdict::Included);
    const auto row = [](const char* name, const char* patterns, const char* path, bool isDirectory, int verdict) {
        QTest::newRow(name) << QString::fromUtf8(patterns) << QString::fromUtf8(path) << isDirectory << verdict;
    };
    row("name at any depth", "*.log", "a/b/debug.log", false, ignored);
    row("name at the root", "*.log", "debug.log", false, ignored);
    row("star stops at a slash", "a*z", "ab/cz", false, unmatched);
    row("question mark", "file?.txt", "sub/file1.txt", false, ignored);
    row("question mark needs one", "file?.txt", "file.txt", false, unmatched);
    row("class", "file[0-9].txt", "file7.txt", false, ignored);
    row("negated class", "file[!0-9].txt", "file7.txt", false, unmatched);
    row("negated class matches", "file[!0-9].txt", "filex.txt", false, ignored);
    row("unclosed bracket matches nothing", "a[b", "a[b", false, unmatched);
    row("leading slash anchors", "/build", "build", true, ignored);
    row("leading slash anchors, not deeper", "/build", "src/build", true, unmatched);
    row("middle slash anchors", "docs/*.md", "docs/a.md", false, ignored);
    row("middle slash anchors, not deeper", "docs/*.md", "x/docs/a.md", false, unmatched);
    row("middle slash star stays in its folder", "docs/*.md", "docs/sub/a.md", false, unmatched);
    row("trailing slash: folders", "logs/", "logs", true, ignored);
    row("trailing slash: not files", "logs/", "logs", false, unmatched);
    row("trailing slash at any depth", "logs/", "a/logs", true, ignored);
    row("leading double star", "**/temp", "a/b/temp", false, ignored);
    row("leading double star, none", "**/temp", "temp", false, ignored);
    row("middle double star", "a/**/b", "a/x/y/b", false, ignored);
    row("middle double star, none", "a/**/b", "a/b", false, ignored);
    row("middle double star, other name", "a/**/b", "a/x/c", false, unmatched);
    row("trailing double star", "out/**", "out/x/y.txt", false, ignored);
    row("trailing double star is not the folder", "out/**", "out", true, unmatched);
    row("double star elsewhere is a star", "a**b", "axxb", false, ignored);
    row("double star elsewhere stops at a slash", "a**b", "ax/xb", false, unmatched);
    row("negation", "*.log\n!keep.log", "keep.log", false, included);
    row("last match decides", "!keep.log\n*.log", "keep.log", false, ignored);
    row("comment", "#secret.txt", "#secret.txt", false, unmatched);
    row("escaped hash", "\\#secret.txt", "#secret.txt", false, ignored);
    row("escaped bang", "\\!important", "!important", false, ignored);
    row("trailing spaces dropped", "notes.txt   ", "notes.txt", false, ignored);
    row("escaped trailing space kept", "notes\\ ", "notes ", false, ignored);
    row("windows line ends", "a.txt\r\nb.txt\r\n", "b.txt", false, ignored);
    row("blank lines", "\n\n   \n", "x", false, unmatched);
    row("case matters", "*.LOG", "debug.log", false, unmatched);
}

void TestGitIgnore::matchesAsGitDoes()
{
    QFETCH(QString, patterns);
    QFETCH(QString, path);
    QFETCH(bool, isDirectory);
    QFETCH(int, verdict);
    QCOMPARE(static_cast<int>(GitIgnore(QString(), patterns).match(path, isDirectory)), verdict);
}

void TestGitIgnore::matchesRelativeToItsFolder()
{
    const GitIgnore nested(QStringLiteral("src/web"), QStringLiteral("/generated\n*.tmp\nassets/*.png\n"));
    QCOMPARE(nested.match(QStringLiteral("src/web/generated"), true), GitIgnore::Verdict::Ignored);
    QCOMPARE(nested.match(QStringLiteral("src/web/sub/generated"), true), GitIgnore::Verdict::Unmatched);
    QCOMPARE(nested.match(QStringLiteral("src/web/sub/x.tmp"), false), GitIgnore::Verdict::Ignored);
    QCOMPARE(nested.match(QStringLiteral("src/web/assets/logo.png"), false), GitIgnore::Verdict::Ignored);
}

QTEST_GUILESS_MAIN(TestGitIgnore)
#include "TestGitIgnore.moc"
