#include "Command.h"
#include "Version.h"
#include "cli/CliProcess.h"

#include <utility>

#include <QRegularExpression>
#include <QTest>

// Every command's --help, and the program's, run as the built binary: they end with examples of
// the command itself, whose options the help lists.
class TestCommandHelp : public QObject
{
    Q_OBJECT

private slots:
    void endsWithExamples_data();
    void endsWithExamples();
    void programHelpEndsWithAnExample();
    void printsTheVersion();
};

namespace
{
// The command lines of the help's Examples section, in order: the lines under each purpose.
QStringList exampleLines(const QString& help)
{
    const qsizetype section = help.indexOf(QStringLiteral("\nExamples:\n"));
    if (section < 0) {
        return {};
    }
    QStringList lines;
    for (const QString& line : help.mid(section).split(QLatin1Char('\n'))) {
        if (line.startsWith(QStringLiteral("    "))) {
            lines << line.mid(4);
        }
    }
    return lines;
}
} // namespace

void TestCommandHelp::endsWithExamples_data()
{
    QTest::addColumn<QStringList>("name");
    QTest::addColumn<QStringList>("examples");
    for (const auto& command : makeCommands()) {
        QStringList examples;
        for (const Command::Example& example : command->examples()) {
            QVERIFY2(!example.purpose.isEmpty(), qPrintable(example.commandLine));
            examples << example.commandLine;
        }
        QTest::newRow(qPrintable(command->name().join(QLatin1Char(' ')))) << command->name() << examples;
    }
}

void TestCommandHelp::endsWithExamples()
{
    QFETCH(QStringList, name);
    QFETCH(QStringList, examples);
    const CliProcess run = CliProcess::run(name + QStringList{QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.standardError, QString());
    const QString help = run.standardOutput;
    QVERIFY2(help.indexOf(QStringLiteral("\nOptions:\n")) < help.indexOf(QStringLiteral("\nExamples:\n")),
             qPrintable(help));
    QVERIFY2(!examples.isEmpty(), qPrintable(help));
    QCOMPARE(exampleLines(help), examples);

    const QString commandLine = QStringLiteral("aftershock-cli ") + name.join(QLatin1Char(' '));
    const QStringList lines = help.trimmed().split(QLatin1Char('\n'));
    QVERIFY2(lines.last().startsWith(QStringLiteral("    ") + commandLine + QLatin1Char(' '))
                 || lines.last() == QStringLiteral("    ") + commandLine,
             qPrintable(help));
    const QRegularExpression optionPattern(QStringLiteral("(?:^| )(--[a-z][a-z0-9-]*)"));
    for (const QString& example : std::as_const(examples)) {
        QVERIFY2(example.startsWith(commandLine + QLatin1Char(' ')) || example == commandLine, qPrintable(example));
        // An example uses only options the help lists, so that it cannot outlive a renamed one.
        for (const QRegularExpressionMatch& match : optionPattern.globalMatch(example)) {
            const QRegularExpression listed(QStringLiteral("\n  (?:-\\w, )?")
                                            + QRegularExpression::escape(match.captured(1)) + QStringLiteral("[ ,]"));
            QVERIFY2(help.contains(listed), qPrintable(match.captured(1) + QStringLiteral(" in ") + example));
        }
    }
}

void TestCommandHelp::programHelpEndsWithAnExample()
{
    for (const QString& flag : {QStringLiteral("--help"), QStringLiteral("-h")}) {
        const CliProcess run = CliProcess::run({flag});
        QCOMPARE(run.exitCode, 0);
        const QStringList examples = exampleLines(run.standardOutput);
        QVERIFY2(!examples.isEmpty(), qPrintable(run.standardOutput));
        QVERIFY2(run.standardOutput.endsWith(QStringLiteral("\n    ") + examples.last() + QLatin1Char('\n')),
                 qPrintable(run.standardOutput));
        for (const QString& example : examples) {
            QVERIFY2(example.startsWith(QStringLiteral("aftershock-cli ")), qPrintable(example));
        }
        // Every command is listed, with its description.
        for (const auto& command : makeCommands()) {
            QVERIFY2(run.standardOutput.contains(command->name().join(QLatin1Char(' ')).leftJustified(22)
                                                 + command->description()),
                     qPrintable(command->description()));
        }
    }
}

void TestCommandHelp::printsTheVersion()
{
    const CliProcess run = CliProcess::run({QStringLiteral("--version")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.standardOutput, QStringLiteral("aftershock-cli " AFTERSHOCK_VERSION "\n"));
}

QTEST_GUILESS_MAIN(TestCommandHelp)
#include "TestCommandHelp.moc"
