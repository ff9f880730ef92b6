#include "GuiTestSupport.h"
#include "core/runner/SampleRun.h"
#include "history/HistoryPanel.h"
#include "history/RunHistoryModel.h"
#include "runner/ResultsJsonWriter.h"
#include "store/RunStore.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace GuiTestSupport;

namespace
{
constexpr int StoreTimeoutMs = 10000;
} // namespace

// The run history over a real run store: what it lists, its filters, and delete.
class TestHistoryPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void listsTheRunsNewestFirstAndFilters();
    void deletesTheSelectedRunsOnceAsked();
    void asksToOpenOneRunAndToCompareTwo();

private:
    qint64 addRun(const QString& source, qint64 startedAtMs, int testsFailed);
    void load(HistoryPanel& panel);

    QTemporaryDir m_folder;
    QString m_storePath;
};

void TestHistoryPanel::initTestCase()
{
    isolateSettings(QStringLiteral("TestHistoryPanel"));
    m_storePath = m_folder.filePath(QStringLiteral("runs.sqlite"));
}

qint64 TestHistoryPanel::addRun(const QString& source, qint64 startedAtMs, int testsFailed)
{
    RunStore store(m_storePath);
    QString error;
    if (!store.open(&error)) {
        qWarning("%s", qPrintable(error));
        return -1;
    }
    const qint64 id = store.beginRun(source, startedAtMs, "[]", 7);
    store.beginItem(id, 0, 0, QStringLiteral("http://127.0.0.1:9090/users/1"), startedAtMs * 1000, 1);
    store.beginItem(id, 0, 1, QStringLiteral("http://127.0.0.1:9090/"), startedAtMs * 1000, 1);
    const QString results = m_folder.filePath(QStringLiteral("results-%1.json").arg(id));
    ResultsJsonWriter::write(sampleRun(), results, &error);
    store.finishRun(id, QStringLiteral("completed"), startedAtMs + 2500, 4, testsFailed, results, QString());
    return id;
}

void TestHistoryPanel::load(HistoryPanel& panel)
{
    QSignalSpy loaded(&panel, &HistoryPanel::loaded);
    panel.reload();
    QVERIFY(loaded.wait(StoreTimeoutMs));
}

void TestHistoryPanel::listsTheRunsNewestFirstAndFilters()
{
    const qint64 older = addRun(QStringLiteral("/work/a.yaml"), 1'700'000'000'000, 0);
    const qint64 newer = addRun(QStringLiteral("/work/a.yaml"), 1'700'000'100'000, 1);
    addRun(QStringLiteral("/work/b.yaml"), 1'700'000'050'000, 0);
    HistoryPanel panel(m_storePath);
    load(panel);
    QCOMPARE(panel.model()->rowCount(), 3);
    QCOMPARE(panel.model()->runAt(0)->id, newer);
    const QModelIndex status = panel.model()->index(0, RunHistoryModel::StatusColumn);
    QCOMPARE(status.data().toString(), QStringLiteral("✗ failed"));
    QCOMPARE(panel.model()->index(1, RunHistoryModel::StatusColumn).data().toString(), QStringLiteral("✓ passed"));
    QCOMPARE(panel.model()->index(0, RunHistoryModel::DurationColumn).data().toString(), QStringLiteral("2.5 s"));
    QCOMPARE(panel.model()->index(0, RunHistoryModel::SeedColumn).data().toString(), QStringLiteral("7"));
    QCOMPARE(panel.model()->index(0, RunHistoryModel::TargetColumn).data().toString(),
             QStringLiteral("127.0.0.1:9090"));

    auto* table = require<QTableView>(&panel, QStringLiteral("historyTableView"));
    // Only the open file's runs, by default.
    panel.setCurrentSource(QStringLiteral("/work/a.yaml"));
    QCOMPARE(table->model()->rowCount(), 2);
    require<QCheckBox>(&panel, QStringLiteral("thisFileCheckBox"))->setChecked(false);
    QCOMPARE(table->model()->rowCount(), 3);
    typeText(require<QLineEdit>(&panel, QStringLiteral("filterLineEdit")), QStringLiteral("B.YAML"));
    QCOMPARE(table->model()->rowCount(), 1);
    typeText(require<QLineEdit>(&panel, QStringLiteral("filterLineEdit")), QString());
    panel.selectRuns({older, newer});
    QCOMPARE(panel.selectedRuns().size(), 2);
    QVERIFY(require<QPushButton>(&panel, QStringLiteral("compareButton"))->isEnabled());
    QVERIFY(!require<QPushButton>(&panel, QStringLiteral("openButton"))->isEnabled());
}

void TestHistoryPanel::deletesTheSelectedRunsOnceAsked()
{
    HistoryPanel panel(m_storePath);
    load(panel);
    const qsizetype before = panel.model()->rowCount();
    const qint64 id = panel.model()->runAt(0)->id;
    panel.selectRuns({id});
    {
        // Cancelled: nothing goes.
        const MessageBoxAnswerer answerer(QMessageBox::Cancel);
        require<QPushButton>(&panel, QStringLiteral("deleteButton"))->click();
        QCOMPARE(answerer.texts().size(), 1);
    }
    load(panel);
    QCOMPARE(panel.model()->rowCount(), before);
    panel.selectRuns({id});
    QSignalSpy loaded(&panel, &HistoryPanel::loaded);
    const MessageBoxAnswerer answerer(QMessageBox::Yes);
    require<QPushButton>(&panel, QStringLiteral("deleteButton"))->click();
    QCOMPARE(answerer.texts().size(), 1);
    QVERIFY(loaded.wait(StoreTimeoutMs));
    QCOMPARE(panel.model()->rowCount(), before - 1);
    QVERIFY(std::none_of(panel.model()->runs().begin(), panel.model()->runs().end(),
                         [id](const StoredRun& run) { return run.id == id; }));
}

void TestHistoryPanel::asksToOpenOneRunAndToCompareTwo()
{
    const qint64 first = addRun(QStringLiteral("/work/c.yaml"), 1'700'000'200'000, 0);
    const qint64 second = addRun(QStringLiteral("/work/c.yaml"), 1'700'000'300'000, 0);
    HistoryPanel panel(m_storePath);
    load(panel);
    QSignalSpy open(&panel, &HistoryPanel::openRequested);
    QSignalSpy compare(&panel, &HistoryPanel::compareRequested);
    panel.selectRuns({second});
    require<QPushButton>(&panel, QStringLiteral("openButton"))->click();
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.first().first().value<StoredRun>().id, second);
    panel.selectRuns({first, second});
    require<QPushButton>(&panel, QStringLiteral("compareButton"))->click();
    QCOMPARE(compare.size(), 1);
    // The older is the baseline, whichever order they were selected in.
    QCOMPARE(compare.first().at(0).value<StoredRun>().id, first);
    QCOMPARE(compare.first().at(1).value<StoredRun>().id, second);
}

QTEST_MAIN(TestHistoryPanel)
#include "TestHistoryPanel.moc"
