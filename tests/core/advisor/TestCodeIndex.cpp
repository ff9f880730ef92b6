#include "advisor/CodeIndex.h"
#include "advisor/CredentialMasker.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestCodeIndex : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void findsTheHandlersOfTheDemoTarget();
    void ranksSymbolMatchesFirst();
    void matchesIdentifiersWhateverTheirCase();
    void neverIndexesSecretsFiles();
    void masksCredentialsInIndexedText();
    void skipsBinaries();
    void takesPunctuationAsText_data();
    void takesPunctuationAsText();
    void updatesOnlyWhatChanged();
    void rebuildsAnUnusableIndex_data();
    void rebuildsAnUnusableIndex();
    void namesThePathsItCannotUse();
    void givesEachInstanceAConnectionOfItsOwn();
    void keepsADefaultIndexPerFolder();

private:
    struct StoredChunk
    {
        QString path;
        QString body;
    };

    static void write(const QString& path, const QByteArray& contents);
    // Every chunk in the index file, read past CodeIndex, so that a test sees all that is stored.
    static QList<StoredChunk> storedChunks(const QString& databasePath);
    static QStringList symbols(const QList<CodeChunk>& chunks);
};

void TestCodeIndex::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestCodeIndex::write(const QString& path, const QByteArray& contents)
{
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(contents);
}

QList<TestCodeIndex::StoredChunk> TestCodeIndex::storedChunks(const QString& databasePath)
{
    QList<StoredChunk> chunks;
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("inspection"));
        database.setDatabaseName(databasePath);
        database.open();
        QSqlQuery query(QStringLiteral("SELECT path, body FROM chunks"), database);
        while (query.next()) {
            chunks.append(StoredChunk{query.value(0).toString(), query.value(1).toString()});
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("inspection"));
    return chunks;
}

QStringList TestCodeIndex::symbols(const QList<CodeChunk>& chunks)
{
    QStringList result;
    for (const CodeChunk& chunk : chunks) {
        result.append(chunk.symbol);
    }
    return result;
}

void TestCodeIndex::findsTheHandlersOfTheDemoTarget()
{
    QTemporaryDir folder;
    const QString source = QStringLiteral(AFTERSHOCK_SOURCE_DIR "/resources/demo-target/app.py");
    QVERIFY(QDir().mkpath(folder.filePath(QStringLiteral("src"))));
    QVERIFY(QFile::copy(source, folder.filePath(QStringLiteral("src/app.py"))));
    CodeIndex index(folder.filePath(QStringLiteral("index.sqlite")));
    CodeIndex::UpdateStatistics statistics;
    QString error;
    QVERIFY2(index.update(folder.filePath(QStringLiteral("src")), &statistics, &error), qPrintable(error));
    QCOMPARE(statistics.filesSeen, 1);
    QCOMPARE(statistics.filesIndexed, 1);
    QVERIFY(statistics.chunks >= 2);

    // The terms an advisor step builds for the demo target's breached endpoints.
    const QList<CodeChunk> chunks
        = index.search({QStringLiteral("POST /users/"), QStringLiteral("create_user"),
                        QStringLiteral("GET /users/{user_id}"), QStringLiteral("read_user"), QStringLiteral("latency")},
                       5, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(chunks.size() >= 2);
    QStringList best = symbols(chunks.first(2));
    best.sort();
    QCOMPARE(best, (QStringList{QStringLiteral("create_user"), QStringLiteral("read_user")}));

    QFile file(source);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
    for (const CodeChunk& chunk : chunks.first(2)) {
        QCOMPARE(chunk.path, QStringLiteral("app.py"));
        QCOMPARE(chunk.language, QStringLiteral("python"));
        const bool isCreate = chunk.symbol == QLatin1String("create_user");
        // From the route's decorator to the handler's last line, as in the file.
        QCOMPARE(chunk.firstLine, isCreate ? 48 : 60);
        QCOMPARE(chunk.lastLine, isCreate ? 58 : 68);
        QCOMPARE(chunk.text, lines.mid(chunk.firstLine - 1, chunk.lastLine - chunk.firstLine + 1).join(u'\n'));
        QVERIFY(chunk.text.startsWith(isCreate ? QStringLiteral("@app.post(\"/users/\")")
                                               : QStringLiteral("@app.get(\"/users/{user_id}\")")));
    }
}

void TestCodeIndex::ranksSymbolMatchesFirst()
{
    // Enough files of other words that a word's rarity counts in the ranking.
    QTemporaryDir folder;
    const QStringList fillers{QStringLiteral("alpha"),  QStringLiteral("bravo"),    QStringLiteral("charlie"),
                              QStringLiteral("delta"),  QStringLiteral("echo"),     QStringLiteral("foxtrot"),
                              QStringLiteral("golf"),   QStringLiteral("hotel"),    QStringLiteral("india"),
                              QStringLiteral("juliet"), QStringLiteral("kilo"),     QStringLiteral("lima"),
                              QStringLiteral("mike"),   QStringLiteral("november"), QStringLiteral("oscar")};
    for (const QString& word : fillers) {
        write(folder.filePath(QStringLiteral("src/%1.py").arg(word)),
              QStringLiteral("def %1_handler(request):\n    return render_%1(request)\n").arg(word).toUtf8());
    }
    write(folder.filePath(QStringLiteral("src/net.py")),
          "def fetch_orders(session):\n    # the timeout comes from the settings\n    return session.get(url)\n\n\n"
          "def connect_with_timeout(host, seconds):\n    return socket.create_connection(host, seconds)\n");
    CodeIndex index(folder.filePath(QStringLiteral("index.sqlite")));
    QString error;
    QVERIFY2(index.update(folder.filePath(QStringLiteral("src")), nullptr, &error), qPrintable(error));
    const QList<CodeChunk> chunks = index.search({QStringLiteral("timeout")}, 10, &error);
    QCOMPARE(symbols(chunks), (QStringList{QStringLiteral("connect_with_timeout"), QStringLiteral("fetch_orders")}));
    QCOMPARE(chunks.first().path, QStringLiteral("net.py"));
    QCOMPARE(chunks.first().firstLine, 6);
    QCOMPARE(chunks.first().lastLine, 7);
    QCOMPARE(index.search({QStringLiteral("timeout")}, 1, &error).size(), 1);
    QCOMPARE(index.search({QStringLiteral("timeout")}, 0, &error).size(), 0);
}

void TestCodeIndex::matchesIdentifiersWhateverTheirCase()
{
    QTemporaryDir folder;
    write(folder.filePath(QStringLiteral("src/server.go")),
          "package api\n\nfunc (s *Server) CreateUserHandler(w http.ResponseWriter) {\n\tw.WriteHeader(201)\n}\n");
    write(folder.filePath(QStringLiteral("src/client.js")),
          "export async function fetchAccountBalance(accountId) {\n  return http.get(`/accounts/${accountId}`)\n}\n");
    CodeIndex index(folder.filePath(QStringLiteral("index.sqlite")));
    QString error;
    QVERIFY2(index.update(folder.filePath(QStringLiteral("src")), nullptr, &error), qPrintable(error));
    for (const QString& term : {QStringLiteral("create_user"), QStringLiteral("createUser"),
                                QStringLiteral("POST /users"), QStringLiteral("CREATE-USER")}) {
        const QList<CodeChunk> chunks = index.search({term}, 3, &error);
        QVERIFY2(!chunks.isEmpty(), qPrintable(term));
        QCOMPARE(chunks.first().symbol, QStringLiteral("Server.CreateUserHandler"));
        QCOMPARE(chunks.first().firstLine, 3);
        QCOMPARE(chunks.first().lastLine, 5);
    }
    const QList<CodeChunk> chunks = index.search({QStringLiteral("GET /accounts/{account_id}/balance")}, 3, &error);
    QVERIFY(!chunks.isEmpty());
    QCOMPARE(chunks.first().symbol, QStringLiteral("fetchAccountBalance"));
}

void TestCodeIndex::neverIndexesSecretsFiles()
{
    QTemporaryDir folder;
    const QByteArray secret = "zebraquartzsecret";
    write(folder.filePath(QStringLiteral("src/app.py")), "def zebra():\n    return load_settings()\n");
    const QStringList secretsFiles{
        QStringLiteral(".env"),   QStringLiteral(".env.production"),   QStringLiteral("credentials.json"),
        QStringLiteral("id_rsa"), QStringLiteral("deploy/server.key"), QStringLiteral("deploy/server.pem"),
        QStringLiteral(".npmrc"), QStringLiteral("config/.netrc")};
    for (const QString& name : secretsFiles) {
        write(folder.filePath(QStringLiteral("src/") + name), "TOKEN=" + secret + "\nzebra " + secret + "\n");
    }
    CodeIndex index(folder.filePath(QStringLiteral("index.sqlite")));
    CodeIndex::UpdateStatistics statistics;
    QString error;
    QVERIFY2(index.update(folder.filePath(QStringLiteral("src")), &statistics, &error), qPrintable(error));
    QCOMPARE(statistics.filesSeen, 1);
    const QList<StoredChunk> stored = storedChunks(folder.filePath(QStringLiteral("index.sqlite")));
    QVERIFY(!stored.isEmpty());
    for (const StoredChunk& chunk : stored) {
        QCOMPARE(chunk.path, QStringLiteral("app.py"));
        QVERIFY(!chunk.body.contains(QString::fromLatin1(secret)));
    }
    QCOMPARE(index.search({QString::fromLatin1(secret)}, 10, &error).size(), 0);
    QCOMPARE(symbols(index.search({QStringLiteral("zebra")}, 10, &error)), QStringList{QStringLiteral("zebra")});
}

void TestCodeIndex::masksCredentialsInIndexedText()
{
    QTemporaryDir folder;
    const QString key = QStringLiteral("sk-proj-Zq8xR2mN4vB6cD1eF3gH5jK7");
    write(folder.filePath(QStringLiteral("src/settings.py")),
          "OPENAI_API_KEY = \"" + key.toUtf8()
              + "\"\nDATABASE_URL = \"postgres://app:pw-9f8e7d@db/app\"\n\n\ndef client():\n"
                "    return OpenAI(api_key=OPENAI_API_KEY)\n");
    write(folder.filePath(QStringLiteral("src/deploy.yaml")), "database:\n  password: hunter2hunter\n");
    CodeIndex index(folder.filePath(QStringLiteral("index.sqlite")));
    QString error;
    QVERIFY2(index.update(folder.filePath(QStringLiteral("src")), nullptr, &error), qPrintable(error));
    for (const StoredChunk& chunk : storedChunks(folder.filePath(QStringLiteral("index.sqlite")))) {
        QVERIFY2(!chunk.body.contains(key), qPrintable(chunk.body));
        QVERIFY2(!chunk.body.contains(QStringLiteral("pw-9f8e7d")), qPrintable(chunk.body));
        QVERIFY2(!chunk.body.contains(QStringLiteral("hunter2hunter")), qPrintable(chunk.body));
    }
    const QList<CodeChunk> chunks = index.search({QStringLiteral("OPENAI_API_KEY")}, 5, &error);
    const auto assignment = std::find_if(chunks.begin(), chunks.end(), [](const CodeChunk& chunk) {
        return chunk.text.contains(QStringLiteral("OPENAI_API_KEY = \""));
    });
    QVERIFY(assignment != chunks.end());
    QVERIFY2(assignment->text.contains(QStringLiteral("OPENAI_API_KEY = \"") + CredentialMasker::Mask + u'"'),
             qPrintable(assignment->text));
    QCOMPARE(index.search({QStringLiteral("Zq8xR2mN4vB6cD1eF3gH5jK7")}, 5, &error).size(), 0);
}

void TestCodeIndex::skipsBinaries()
{
    QTemporaryDir folder;
    write(folder.filePath(QStringLiteral("src/app.py")), "def handler():\n    pass\n");
    write(folder.filePath(QStringLiteral("src/logo.png")), QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR handler", 25));
    write(folder.filePath(QStringLiteral("src/legacy.txt")), "handler in latin-1: caf\xe9\n");
    CodeIndex index(folder.filePath(QStringLiteral("index.sqlite")));
    CodeIndex::UpdateStatistics statistics;
    QString error;
    QVERIFY2(index.update(folder.filePath(QStringLiteral("src")), &statistics, &error), qPrintable(error));
    QCOMPARE(statistics.filesSeen, 3);
    QCOMPARE(statistics.filesIndexed, 1);
    for (const StoredChunk& chunk : storedChunks(folder.filePath(QStringLiteral("index.sqlite")))) {
        QCOMPARE(chunk.path, QStringLiteral("app.py"));
    }
}

void TestCodeIndex::takesPunctuationAsText_data()
{
    QTest::addColumn<QString>("term");
    for (const char* term : {"\"",
                             "\"\"",
                             "\"unclosed",
                             "*",
                             "handler*",
                             "-",
                             "-handler",
                             "a-b",
                             ":",
                             "body:handler",
                             "{body}: handler",
                             "(",
                             ")",
                             "(handler",
                             "NEAR",
                             "NEAR(handler pass, 3)",
                             "AND",
                             "OR",
                             "NOT",
                             "handler AND",
                             "^handler",
                             "+",
                             "'; DROP TABLE chunks; --",
                             "\\",
                             "%_",
                             "",
                             "   ",
                             "/users/{id}",
                             "日本語",
                             "🙂",
                             "\x7f"}) {
        QTest::newRow(term) << QString::fromUtf8(term);
    }
}

void TestCodeIndex::takesPunctuationAsText()
{
    QFETCH(QString, term);
    QTemporaryDir folder;
    write(folder.filePath(QStringLiteral("src/app.py")),
          "def handler():\n    pass\n\n\ndef near_and_or():\n    pass\n");
    CodeIndex index(folder.filePath(QStringLiteral("index.sqlite")));
    QString error;
    QVERIFY2(index.update(folder.filePath(QStringLiteral("src")), nullptr, &error), qPrintable(error));
    index.search({term}, 10, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    index.search({term, QStringLiteral("handler")}, 10, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // The index is still whole.
    QCOMPARE(symbols(index.search({QStringLiteral("handler")}, 10, &error)), QStringList{QStringLiteral("handler")});
}

void TestCodeIndex::updatesOnlyWhatChanged()
{
    QTemporaryDir folder;
    const QString source = folder.filePath(QStringLiteral("src"));
    write(source + QStringLiteral("/a.py"), "def apple():\n    return 1\n");
    write(source + QStringLiteral("/web/b.js"), "function banana() {\n  return 2\n}\n");
    write(source + QStringLiteral("/c.go"), "package c\n\nfunc Cherry() int {\n\treturn 3\n}\n");
    CodeIndex index(folder.filePath(QStringLiteral("index.sqlite")));
    QString error;
    const auto update = [&index, &source, &error] {
        CodeIndex::UpdateStatistics statistics;
        if (!index.update(source, &statistics, &error)) {
            qWarning("%s", qPrintable(error));
        }
        return QList<int>{statistics.filesSeen, statistics.filesIndexed, statistics.filesUnchanged,
                          statistics.filesRemoved, statistics.chunks};
    };
    // seen, indexed, unchanged, removed, chunks
    QCOMPARE(update(), (QList<int>{3, 3, 0, 0, 4}));
    QCOMPARE(update(), (QList<int>{3, 0, 3, 0, 4}));
    // The same bytes written again are the same file.
    write(source + QStringLiteral("/a.py"), "def apple():\n    return 1\n");
    QCOMPARE(update(), (QList<int>{3, 0, 3, 0, 4}));

    write(source + QStringLiteral("/web/b.js"), "function blueberry() {\n  return 2\n}\n");
    QCOMPARE(update(), (QList<int>{3, 1, 2, 0, 4}));
    QCOMPARE(index.search({QStringLiteral("banana")}, 5, &error).size(), 0);
    QCOMPARE(symbols(index.search({QStringLiteral("blueberry")}, 5, &error)), QStringList{QStringLiteral("blueberry")});

    QVERIFY(QFile::remove(source + QStringLiteral("/c.go")));
    QCOMPARE(update(), (QList<int>{2, 0, 2, 1, 2}));
    QCOMPARE(index.search({QStringLiteral("cherry")}, 5, &error).size(), 0);
    QCOMPARE(storedChunks(folder.filePath(QStringLiteral("index.sqlite"))).size(), 2);
    QCOMPARE(symbols(index.search({QStringLiteral("apple")}, 5, &error)), QStringList{QStringLiteral("apple")});

    // A file that became ignored leaves the index too.
    write(source + QStringLiteral("/.gitignore"), "web/\n");
    QCOMPARE(update(), (QList<int>{2, 1, 1, 1, 2}));
    QCOMPARE(index.search({QStringLiteral("blueberry")}, 5, &error).size(), 0);
}

void TestCodeIndex::rebuildsAnUnusableIndex_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("not a database") << QStringLiteral("garbage");
    QTest::newRow("cut in half") << QStringLiteral("truncated");
    QTest::newRow("pages overwritten") << QStringLiteral("overwritten");
    QTest::newRow("another version") << QStringLiteral("version");
    QTest::newRow("another program's database") << QStringLiteral("foreign");
}

void TestCodeIndex::rebuildsAnUnusableIndex()
{
    QFETCH(QString, damage);
    QTemporaryDir folder;
    const QString source = folder.filePath(QStringLiteral("src"));
    for (int file = 0; file < 40; ++file) {
        write(source + QStringLiteral("/module%1.py").arg(file),
              QStringLiteral("def function_%1(value):\n    return value * %1\n").arg(file).repeated(20).toUtf8());
    }
    const QString databasePath = folder.filePath(QStringLiteral("index.sqlite"));
    QString error;
    {
        CodeIndex index(databasePath);
        QVERIFY2(index.update(source, nullptr, &error), qPrintable(error));
    }
    QFile file(databasePath);
    if (damage == QLatin1String("garbage")) {
        write(databasePath, QByteArray(8192, '\x5a'));
    } else if (damage == QLatin1String("truncated")) {
        QVERIFY(file.resize(file.size() / 2));
    } else if (damage == QLatin1String("overwritten")) {
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek(4096));
        file.write(QByteArray(file.size() - 8192, '\x5a'));
        file.close();
    } else {
        QVERIFY(QFile::remove(databasePath));
        QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("damage"));
        database.setDatabaseName(databasePath);
        QVERIFY(database.open());
        QSqlQuery query(database);
        QVERIFY(query.exec(QStringLiteral("CREATE TABLE notes (text TEXT)")));
        if (damage == QLatin1String("version")) {
            QVERIFY(query.exec(QStringLiteral("PRAGMA user_version = 99")));
        }
        query = QSqlQuery();
        database.close();
        database = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("damage"));
    }
    CodeIndex index(databasePath);
    CodeIndex::UpdateStatistics statistics;
    QVERIFY2(index.update(source, &statistics, &error), qPrintable(error));
    QCOMPARE(statistics.filesIndexed, 40);
    QCOMPARE(statistics.filesRemoved, 0);
    const QList<CodeChunk> chunks = index.search({QStringLiteral("function_7")}, 1, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(chunks.size(), 1);
    QCOMPARE(chunks.first().path, QStringLiteral("module7.py"));
}

void TestCodeIndex::namesThePathsItCannotUse()
{
    QTemporaryDir folder;
    const QString missing = folder.filePath(QStringLiteral("no-such-folder"));
    CodeIndex index(folder.filePath(QStringLiteral("index.sqlite")));
    QString error;
    QVERIFY(!index.update(missing, nullptr, &error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(missing)), qPrintable(error));

    // The index's own folder is a file.
    write(folder.filePath(QStringLiteral("blocker")), "x");
    const QString unusable = folder.filePath(QStringLiteral("blocker/index.sqlite"));
    CodeIndex blocked(unusable);
    QVERIFY(!blocked.update(folder.path(), nullptr, &error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(unusable)), qPrintable(error));
    error.clear();
    QCOMPARE(blocked.search({QStringLiteral("x")}, 5, &error).size(), 0);
    QVERIFY2(error.contains(QDir::toNativeSeparators(unusable)), qPrintable(error));
}

void TestCodeIndex::givesEachInstanceAConnectionOfItsOwn()
{
    QTemporaryDir folder;
    const qsizetype before = QSqlDatabase::connectionNames().size();
    {
        CodeIndex first(folder.filePath(QStringLiteral("one.sqlite")));
        CodeIndex second(folder.filePath(QStringLiteral("one.sqlite")));
        QCOMPARE(QSqlDatabase::connectionNames().size(), before + 2);
        QString error;
        write(folder.filePath(QStringLiteral("src/a.py")), "def shared():\n    pass\n");
        QVERIFY2(first.update(folder.filePath(QStringLiteral("src")), nullptr, &error), qPrintable(error));
        QCOMPARE(symbols(second.search({QStringLiteral("shared")}, 5, &error)), QStringList{QStringLiteral("shared")});
    }
    QCOMPARE(QSqlDatabase::connectionNames().size(), before);
}

void TestCodeIndex::keepsADefaultIndexPerFolder()
{
    QTemporaryDir folder;
    const QString absolute = QDir(folder.path()).absolutePath();
    const QString expected = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
        + QStringLiteral("/code-index/")
        + QString::fromLatin1(QCryptographicHash::hash(absolute.toUtf8(), QCryptographicHash::Sha1).toHex())
        + QStringLiteral(".sqlite");
    QCOMPARE(CodeIndex::defaultPath(folder.path()), expected);
    QCOMPARE(CodeIndex::defaultPath(folder.path() + QStringLiteral("/sub/..")), expected);
    QVERIFY(CodeIndex::defaultPath(folder.filePath(QStringLiteral("other"))) != expected);
}

QTEST_GUILESS_MAIN(TestCodeIndex)
#include "TestCodeIndex.moc"
