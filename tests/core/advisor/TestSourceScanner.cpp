#include "advisor/SourceScanner.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestSourceScanner : public QObject
{
    Q_OBJECT

private slots:
    void honoursGitIgnoreFiles();
    void skipsVendoredGeneratedAndLargeFiles();
    void neverListsSecretsFiles_data();
    void neverListsSecretsFiles();
    void doesNotFollowSymbolicLinks();
    void stopsAtTheDepthBound();
    void tellsTextFromBinaries_data();
    void tellsTextFromBinaries();
    void namesAFolderThatIsMissing();

private:
    static void write(const QString& path, const QByteArray& contents = "x = 1\n");
    static QStringList scannedPaths(const QString& root);
};

void TestSourceScanner::write(const QString& path, const QByteArray& contents)
{
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(contents);
}

QStringList TestSourceScanner::scannedPaths(const QString& root)
{
    QString error;
    const std::optional<SourceScanner::Result> result = SourceScanner::scan(root, &error);
    if (!result) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    QStringList paths;
    for (const SourceScanner::File& file : result->files) {
        paths.append(file.relativePath);
    }
    paths.sort();
    return paths;
}

void TestSourceScanner::honoursGitIgnoreFiles()
{
    QTemporaryDir root;
    write(root.filePath(QStringLiteral(".gitignore")),
          "*.log\n!keep.log\n/build-output/\nsecret-notes/\ndocs/**/draft.md\nout/**\n!out/keep.txt\n");
    write(root.filePath(QStringLiteral("app.py")));
    write(root.filePath(QStringLiteral("debug.log")));
    write(root.filePath(QStringLiteral("keep.log")));
    write(root.filePath(QStringLiteral("build-output/out.py")));
    write(root.filePath(QStringLiteral("src/build-output/kept.py")));
    write(root.filePath(QStringLiteral("src/secret-notes/a.py")));
    write(root.filePath(QStringLiteral("docs/a/b/draft.md")));
    write(root.filePath(QStringLiteral("docs/a/b/final.md")));
    write(root.filePath(QStringLiteral("out/keep.txt")));
    write(root.filePath(QStringLiteral("out/drop.txt")));
    write(root.filePath(QStringLiteral("out/sub/keep.txt")));
    // A nested file overrides the root's, for its own folder only.
    write(root.filePath(QStringLiteral("web/.gitignore")), "!debug.log\n*.tmp\n");
    write(root.filePath(QStringLiteral("web/debug.log")));
    write(root.filePath(QStringLiteral("web/cache.tmp")));
    write(root.filePath(QStringLiteral("other/cache.tmp")));
    write(root.filePath(QStringLiteral(".git/config")));
    write(root.filePath(QStringLiteral(".git/HEAD")));
    QCOMPARE(scannedPaths(root.path()),
             (QStringList{QStringLiteral(".gitignore"), QStringLiteral("app.py"), QStringLiteral("docs/a/b/final.md"),
                          QStringLiteral("keep.log"), QStringLiteral("other/cache.tmp"), QStringLiteral("out/keep.txt"),
                          QStringLiteral("src/build-output/kept.py"), QStringLiteral("web/.gitignore"),
                          QStringLiteral("web/debug.log")}));
}

void TestSourceScanner::skipsVendoredGeneratedAndLargeFiles()
{
    QTemporaryDir root;
    write(root.filePath(QStringLiteral("src/main.js")));
    for (const char* path :
         {"node_modules/left-pad/index.js", "vendor/lib.go", "third_party/x.c", "dist/app.js", "build/gen.cpp",
          "target/debug/x.rs", "src/__pycache__/m.py", ".venv/lib/site.py", "venv/lib/site.py", "src/app.min.js",
          "package-lock.json", "yarn.lock", "Cargo.lock", "poetry.lock", "go.sum", "src/Foo.egg-info/PKG-INFO"}) {
        write(root.filePath(QString::fromLatin1(path)));
    }
    write(root.filePath(QStringLiteral("big.py")), QByteArray(SourceScanner::MaxFileBytes + 1, 'x'));
    write(root.filePath(QStringLiteral("limit.py")), QByteArray(SourceScanner::MaxFileBytes, 'x'));
    QCOMPARE(scannedPaths(root.path()), (QStringList{QStringLiteral("limit.py"), QStringLiteral("src/main.js")}));
}

void TestSourceScanner::neverListsSecretsFiles_data()
{
    QTest::addColumn<QString>("name");
    for (const char* name : {".env",
                             ".env.local",
                             ".env.production",
                             "prod.env",
                             "server.pem",
                             "server.key",
                             "client.p12",
                             "client.pfx",
                             "ca.crt",
                             "id_rsa",
                             "id_rsa.pub",
                             "id_ed25519",
                             "credentials",
                             "credentials.json",
                             "gcloud-credentials.json",
                             ".netrc",
                             ".npmrc",
                             ".pypirc",
                             ".pgpass",
                             ".git-credentials",
                             "secrets.yaml",
                             "terraform.tfstate",
                             "prod.tfvars",
                             "SERVER.KEY"}) {
        QTest::newRow(name) << QString::fromLatin1(name);
    }
}

void TestSourceScanner::neverListsSecretsFiles()
{
    QFETCH(QString, name);
    QVERIFY(SourceScanner::isSecretFileName(name));
    QTemporaryDir root;
    write(root.filePath(name), "API_KEY=do-not-read\n");
    write(root.filePath(QStringLiteral("config/") + name), "API_KEY=do-not-read\n");
    // Not even a `!` pattern brings one back.
    write(root.filePath(QStringLiteral(".gitignore")), "!" + name.toUtf8() + "\n");
    QCOMPARE(scannedPaths(root.path()), QStringList{QStringLiteral(".gitignore")});
}

void TestSourceScanner::doesNotFollowSymbolicLinks()
{
    QTemporaryDir root;
    write(root.filePath(QStringLiteral("src/a.py")));
    // A loop back to the root, and a file that points out of the folder.
    QVERIFY(QFile::link(root.path(), root.filePath(QStringLiteral("src/loop"))));
    QTemporaryDir outside;
    write(outside.filePath(QStringLiteral("private.txt")));
    QVERIFY(QFile::link(outside.filePath(QStringLiteral("private.txt")), root.filePath(QStringLiteral("notes.txt"))));
    QCOMPARE(scannedPaths(root.path()), QStringList{QStringLiteral("src/a.py")});
}

void TestSourceScanner::stopsAtTheDepthBound()
{
    QTemporaryDir root;
    QString folder = root.path();
    for (int depth = 0; depth <= SourceScanner::MaxDepth + 1; ++depth) {
        folder += QStringLiteral("/d");
        write(folder + QStringLiteral("/f%1.py").arg(depth + 1));
    }
    QString error;
    const std::optional<SourceScanner::Result> result = SourceScanner::scan(root.path(), &error);
    QVERIFY2(result, qPrintable(error));
    QCOMPARE(result->files.size(), SourceScanner::MaxDepth);
    QCOMPARE(result->files.last().relativePath.count(u'/'), SourceScanner::MaxDepth);
    QCOMPARE(result->problems.size(), 1);
    QVERIFY2(result->problems.first().contains(QStringLiteral("more than 64 folders deep")),
             qPrintable(result->problems.first()));
}

void TestSourceScanner::tellsTextFromBinaries_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("isText");
    QTest::newRow("ascii") << QByteArray("def f():\n    pass\n") << true;
    QTest::newRow("utf-8") << QByteArray("name = \"Zoë ✓\"\n") << true;
    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("nul byte") << QByteArray("GIF89a\0\0\x01", 9) << false;
    QTest::newRow("latin-1") << QByteArray("caf\xe9\n") << false;
    QTest::newRow("truncated sequence") << QByteArray("ok \xe2\x9c") << false;
    QByteArray lateNul(SourceScanner::BinaryProbeBytes + 10, 'a');
    lateNul[SourceScanner::BinaryProbeBytes + 5] = '\0';
    // Past the probe a NUL is still a valid UTF-8 character; only the first 8 KiB are looked at.
    QTest::newRow("nul after the probe") << lateNul << true;
}

void TestSourceScanner::tellsTextFromBinaries()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, isText);
    QCOMPARE(SourceScanner::decodeText(bytes).has_value(), isText);
    QCOMPARE(SourceScanner::decodeText("\xef\xbb\xbfx").value(), QStringLiteral("x"));
}

void TestSourceScanner::namesAFolderThatIsMissing()
{
    QTemporaryDir root;
    const QString missing = root.filePath(QStringLiteral("nope"));
    QString error;
    QVERIFY(!SourceScanner::scan(missing, &error));
    QCOMPARE(error, QStringLiteral("the source folder %1 does not exist").arg(QDir::toNativeSeparators(missing)));
    write(root.filePath(QStringLiteral("file.py")));
    QVERIFY(!SourceScanner::scan(root.filePath(QStringLiteral("file.py")), &error));
    QVERIFY2(error.contains(QStringLiteral("is not a folder")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestSourceScanner)
#include "TestSourceScanner.moc"
