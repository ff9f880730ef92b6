#include "GuiTestSupport.h"
#include "editor/EditorDocument.h"
#include "editor/GenerateFromOpenApiDialog.h"
#include "openapi/OpenApiLoader.h"
#include "shell/StatusLabel.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QTest>
#include <QThreadPool>

using namespace GuiTestSupport;

namespace
{
// The seed guide's demo app, as FastAPI describes it: two operations.
const QByteArray DemoOpenApi
    = "{\"openapi\": \"3.0.2\", \"info\": {\"title\": \"FastAPI\", \"version\": \"0.1.0\"}, \"servers\": [{\"url\": "
      "\"http://localhost:9090\","
      " \"description\": \"Staging environment\"}], \"paths\": {\"/\": {\"get\": {\"summary\": \"Read Root\","
      " \"operationId\": \"read_root__get\", \"responses\": {\"200\": {\"description\": \"Successful Response\"}}}},"
      " \"/users/{user_id}\": {\"get\": {\"summary\": \"Read User\", \"operationId\": "
      "\"read_user_users__user_id__get\","
      " \"parameters\": [{\"name\": \"user_id\", \"in\": \"path\", \"required\": true, \"schema\": {\"type\": "
      "\"integer\"}}],"
      " \"responses\": {\"200\": {\"description\": \"Successful Response\"}}}}}}";
// Three operations, so that its list is told from the demo's.
const QByteArray ThreeOperations
    = "{\"openapi\": \"3.0.2\", \"info\": {\"title\": \"Three\", \"version\": \"1\"}, \"paths\": {"
      "\"/a\": {\"get\": {\"operationId\": \"a\", \"responses\": {\"200\": {\"description\": \"OK\"}}}},"
      "\"/b\": {\"get\": {\"operationId\": \"b\", \"responses\": {\"200\": {\"description\": \"OK\"}}}},"
      "\"/c\": {\"get\": {\"operationId\": \"c\", \"responses\": {\"200\": {\"description\": \"OK\"}}}}}}";
constexpr int WorkerTimeoutMs = 20000;

QString writeFile(const QTemporaryDir& folder, const QString& name, const QByteArray& contents)
{
    const QString path = folder.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size()) {
        return {};
    }
    return path;
}
} // namespace

// Generating scenarios from an OpenAPI document, choosing operations and kinds of trouble.
class TestGenerateFromOpenApiDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void generatesTheChosenScenariosIntoANewFile();
    void anUnreadableDocumentSaysWhy();
    void operationsOfAReplacedDocumentAreDropped();

private:
    QTemporaryDir m_folder;
};

void TestGenerateFromOpenApiDialog::initTestCase()
{
    isolateSettings(QStringLiteral("TestGenerateFromOpenApiDialog"));
}

void TestGenerateFromOpenApiDialog::generatesTheChosenScenariosIntoANewFile()
{
    const QString path = writeFile(m_folder, QStringLiteral("demo.json"), DemoOpenApi);
    QVERIFY(!path.isEmpty());

    GenerateFromOpenApiDialog dialog;
    dialog.show();
    dialog.load(path);
    auto* operations = find<QListWidget>(&dialog, QStringLiteral("operationsListWidget"));
    QTRY_COMPARE(operations->count(), 2);
    auto* families = find<QListWidget>(&dialog, QStringLiteral("familiesListWidget"));
    QCOMPARE(families->count(), 8);
    QCOMPARE(families->item(0)->text(), QStringLiteral("Single high-latency spike (client ingress)"));

    operations->item(1)->setCheckState(Qt::Unchecked);
    families->item(7)->setCheckState(Qt::Unchecked);
    find<QDialogButtonBox>(&dialog, QStringLiteral("buttonBox"))->button(QDialogButtonBox::Ok)->click();
    // Generated on a worker thread, whose result comes back through the event loop: the dialog
    // closes when it is done.
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.scenarios().size(), 7);
    for (const Scenario& scenario : dialog.scenarios()) {
        QCOMPARE(scenario.items.at(0).call.url, QStringLiteral("http://localhost:9090/"));
        QCOMPARE(scenario.items.at(0).call.operationId, QStringLiteral("read_root__get"));
    }
    QCOMPARE(dialog.suggestedFileName(), QStringLiteral("demo-scenarios.yaml"));

    MainWindow window(windowOptions(m_folder));
    EditorDocument* document = window.addGeneratedScenarios(dialog.suggestedFileName(), dialog.scenarios());
    QTRY_VERIFY(document->isStructureCurrent());
    QCOMPARE(document->structure().scenarios(), dialog.scenarios());
    QVERIFY(document->isModified());
    document->saveAs(m_folder.filePath(QStringLiteral("demo-scenarios.yaml")));
    QTRY_VERIFY(!document->isModified());
}

void TestGenerateFromOpenApiDialog::anUnreadableDocumentSaysWhy()
{
    GenerateFromOpenApiDialog dialog;
    dialog.show();
    dialog.load(m_folder.filePath(QStringLiteral("missing.json")));
    auto* status = find<StatusLabel>(&dialog, QStringLiteral("sourceStatusLabel"));
    QTRY_COMPARE(status->kind(), StatusLabel::Kind::Problem);
    QVERIFY2(status->accessibleName().contains(QStringLiteral("missing.json")), qPrintable(status->accessibleName()));
    QVERIFY(!find<QDialogButtonBox>(&dialog, QStringLiteral("buttonBox"))->button(QDialogButtonBox::Ok)->isEnabled());
}

void TestGenerateFromOpenApiDialog::operationsOfAReplacedDocumentAreDropped()
{
    const QString three = writeFile(m_folder, QStringLiteral("three.json"), ThreeOperations);
    const QString demo = writeFile(m_folder, QStringLiteral("demo.json"), DemoOpenApi);
    QVERIFY(!three.isEmpty() && !demo.isEmpty());
    GenerateFromOpenApiDialog dialog;
    dialog.show();
    auto* loader = dialog.findChild<OpenApiLoader*>();
    auto* busy = find<QProgressBar>(&dialog, QStringLiteral("collectingProgressBar"));
    auto* status = find<StatusLabel>(&dialog, QStringLiteral("sourceStatusLabel"));
    auto* operations = find<QListWidget>(&dialog, QStringLiteral("operationsListWidget"));
    QVERIFY(loader && busy && status && operations);
    QVERIFY(!busy->isVisible());

    // Both documents arrive before the event loop runs again: the first one's operations, found
    // or not by then, come back after the second document replaced it.
    emit loader->finished(OpenApiLoader::loadFile(three));
    QVERIFY(busy->isVisible());
    QVERIFY2(status->accessibleName().contains(QStringLiteral("Finding")), qPrintable(status->accessibleName()));
    emit loader->finished(OpenApiLoader::loadFile(demo));
    QVERIFY(busy->isVisible());
    QCOMPARE(operations->count(), 0);
    QVERIFY(!find<QDialogButtonBox>(&dialog, QStringLiteral("buttonBox"))->button(QDialogButtonBox::Ok)->isEnabled());

    QTRY_COMPARE_WITH_TIMEOUT(operations->count(), 2, WorkerTimeoutMs);
    QVERIFY(QThreadPool::globalInstance()->waitForDone(WorkerTimeoutMs));
    QCoreApplication::processEvents();
    QCOMPARE(operations->count(), 2);
    QVERIFY(!busy->isVisible());
    QVERIFY2(status->accessibleName().contains(QStringLiteral("2 operations")), qPrintable(status->accessibleName()));
}

QTEST_MAIN(TestGenerateFromOpenApiDialog)
#include "TestGenerateFromOpenApiDialog.moc"
