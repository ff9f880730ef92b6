#include "ScenarioTestSupport.h"
#include "scenario/ScenarioLoader.h"
#include "scenario/ScenarioWriter.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

using namespace ScenarioTestSupport;

// Loads 10,000 damaged copies of the test scenarios: each load must return promptly, and each
// document that fails must say where with an error.
class TestScenarioLoaderMutations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void survivesMutations();

private:
    QByteArray mutate(QByteArray text);
    QList<QByteArray> m_corpus;
    QRandomGenerator m_random{20250509};
};

namespace
{
constexpr int MutationCount = 10000;
// Far above the few milliseconds a load takes, even under sanitizers on a loaded machine.
constexpr qint64 MillisecondsPerLoad = 5000;

QList<QByteArray> splitLines(const QByteArray& text)
{
    return text.split('\n');
}

QByteArray joinLines(const QList<QByteArray>& lines)
{
    return lines.join('\n');
}
} // namespace

void TestScenarioLoaderMutations::initTestCase()
{
    // Single documents and pairs of them: small enough to keep 10,000 loads quick under
    // sanitizers, and pairs so that one broken document sits beside one that is not.
    for (const QString& name : scenarioDataFiles()) {
        const QByteArray text = readData(name);
        QList<QByteArray> documents;
        for (qsizetype start = 0, end = 0; start < text.size(); start = end + 5) {
            end = text.indexOf("\n---\n", start);
            end = end < 0 ? text.size() : end;
            documents.append(text.mid(start, end - start + 1));
        }
        for (qsizetype index = 0; index < documents.size(); ++index) {
            m_corpus.append(documents[index]);
            if (index + 1 < documents.size()) {
                m_corpus.append(documents[index] + "---\n" + documents[index + 1]);
            }
        }
    }
    QVERIFY(m_corpus.size() > 10);
}

QByteArray TestScenarioLoaderMutations::mutate(QByteArray text)
{
    const auto randomBelow = [this](qsizetype bound) {
        return bound <= 0 ? qsizetype(0) : static_cast<qsizetype>(m_random.bounded(static_cast<quint32>(bound)));
    };
    QList<QByteArray> lines = splitLines(text);
    const qsizetype line = randomBelow(lines.size());
    switch (m_random.bounded(12)) {
    case 0: // truncation
        return text.left(randomBelow(text.size() + 1));
    case 1: // byte flip
        if (!text.isEmpty()) {
            text[randomBelow(text.size())] = static_cast<char>(m_random.bounded(256));
        }
        return text;
    case 2: // inserted line, copied from elsewhere
        lines.insert(line, lines.value(randomBelow(lines.size())));
        return joinLines(lines);
    case 3: // deleted line
        if (!lines.isEmpty()) {
            lines.removeAt(line);
        }
        return joinLines(lines);
    case 4: { // deep flow nesting
        const int depth = static_cast<int>(m_random.bounded(10, 5000));
        return text.insert(randomBelow(text.size() + 1), QByteArray(depth, m_random.bounded(2) ? '[' : '{'));
    }
    case 5: { // deep block nesting
        QByteArray deep;
        const int depth = static_cast<int>(m_random.bounded(10, 400));
        for (int level = 0; level < depth; ++level) {
            deep += QByteArray(level, ' ') + (m_random.bounded(2) ? "- " : "k:") + '\n';
        }
        lines.insert(line, deep);
        return joinLines(lines);
    }
    case 6: { // huge or odd numbers in place of a number
        static const QList<QByteArray> numbers{"1e999", "-1e999",     "99999999999999999999999", "-5", ".nan",
                                               ".inf",  "0x7fffffff", "1.7976931348623157e308",  "-0", "4294967296"};
        QByteArray& target = lines[line];
        const qsizetype digit = target.indexOf(QByteArrayView("0123456789").at(randomBelow(10)));
        if (digit >= 0) {
            target.replace(digit, 1, numbers.at(randomBelow(numbers.size())));
        }
        return joinLines(lines);
    }
    case 7: { // invalid UTF-8
        static const QList<QByteArray> invalid{"\xff",     "\xc3\x28", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                               "\xc0\xaf", "\xe2\x82"};
        return text.insert(randomBelow(text.size() + 1), invalid.at(randomBelow(invalid.size())));
    }
    case 8: // a tab in the indentation
        if (lines[line].startsWith(' ')) {
            lines[line].replace(0, 1, "\t");
        }
        return joinLines(lines);
    case 9: // duplicated key
        if (line + 1 < lines.size()) {
            lines.insert(line + 1, lines[line]);
        }
        return joinLines(lines);
    case 10: // indentation shifted
        lines[line] = m_random.bounded(2) ? "  " + lines[line] : lines[line].mid(2);
        return joinLines(lines);
    default: { // YAML punctuation where it does not belong
        static const QByteArray punctuation = "-:[]{}#&*!|>'\"%@`,? \n";
        text.insert(randomBelow(text.size() + 1), punctuation.at(randomBelow(punctuation.size())));
        return text;
    }
    }
}

void TestScenarioLoaderMutations::survivesMutations()
{
    QElapsedTimer total;
    total.start();
    qint64 slowest = 0;
    int failedDocuments = 0;
    for (int mutation = 0; mutation < MutationCount; ++mutation) {
        QByteArray text = m_corpus.at(m_random.bounded(static_cast<quint32>(m_corpus.size())));
        const int rounds = 1 + static_cast<int>(m_random.bounded(3));
        for (int round = 0; round < rounds; ++round) {
            text = mutate(text);
        }
        QElapsedTimer timer;
        timer.start();
        const ScenarioFile file = ScenarioLoader::loadText(text, QStringLiteral("mutated.yaml"));
        slowest = std::max(slowest, timer.elapsed());
        QVERIFY2(timer.elapsed() < MillisecondsPerLoad,
                 qPrintable(QStringLiteral("mutation %1 took %2 ms").arg(mutation).arg(timer.elapsed())));
        int previousLastLine = 0;
        for (const ScenarioDocument& document : file.documents) {
            if (!document.valid) {
                ++failedDocuments;
                const bool located
                    = std::any_of(file.diagnostics.begin(), file.diagnostics.end(), [&](const Diagnostic& d) {
                          return d.severity == Diagnostic::Severity::Error && d.location.line > previousLastLine
                              && d.location.line <= document.lastLine && d.location.column > 0;
                      });
                QVERIFY2(located,
                         qPrintable(QStringLiteral("mutation %1: document %2 failed with no located error:\n%3")
                                        .arg(mutation)
                                        .arg(document.index)
                                        .arg(QString::fromUtf8(text))));
            }
            previousLastLine = document.lastLine;
        }
        const QString decoded = QString::fromUtf8(text);
        for (const Diagnostic& diagnostic : file.diagnostics) {
            if (diagnostic.fix) {
                applyTextEdits(decoded, diagnostic.fix->edits); // must not crash
            }
        }
        // What loads must also survive being written and read back.
        if (mutation % 10 == 0 && !file.scenarios().isEmpty()) {
            const ScenarioFile reloaded
                = ScenarioLoader::loadText(ScenarioWriter::toYaml(file.scenarios()), QStringLiteral("written.yaml"));
            QVERIFY2(reloaded.scenarios() == file.scenarios(), qPrintable(QString::fromUtf8(text)));
        }
    }
    qInfo("%d mutations, %d failed documents, slowest load %lld ms, %lld ms in all", MutationCount, failedDocuments,
          slowest, total.elapsed());
    QVERIFY(failedDocuments > MutationCount / 4); // the mutations do break things
}

QTEST_GUILESS_MAIN(TestScenarioLoaderMutations)
#include "TestScenarioLoaderMutations.moc"
