#include "advisor/OutlineEntry.h"
#include "advisor/SourceChunker.h"

#include <QTest>

// What a chunk is said to be: `symbol first-last`.
using Outline = QStringList;

class TestSourceChunker : public QObject
{
    Q_OBJECT

private slots:
    void outlinesByStructure_data();
    void outlinesByStructure();
    void keepsTheTextAndLanguageOfEachChunk();
    void cutsLongFunctionsInWindows();
    void cutsOtherFilesInOverlappingWindows();
    void cutsLongLinesShort();
    void survivesDeepNesting();
    void namesLanguages_data();
    void namesLanguages();

private:
    static Outline outline(const QList<CodeChunk>& chunks);
};

Outline TestSourceChunker::outline(const QList<CodeChunk>& chunks)
{
    Outline result;
    for (const CodeChunk& chunk : chunks) {
        result.append(QStringLiteral("%1 %2-%3").arg(chunk.symbol).arg(chunk.firstLine).arg(chunk.lastLine).trimmed());
    }
    return result;
}

void TestSourceChunker::outlinesByStructure_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("text");
    QTest::addColumn<Outline>("expected");

    QTest::newRow("python") << QStringLiteral("app.py") << QStringLiteral(R"(import os

# The users' table.
class User(Base):
    """A user.

def not_a_function():
    """
    name = Column(String)

    @property
    def display(self):
        return f"{self.name} }"

# Creates one.
@app.post("/users/",
          status_code=201)
async def create_user(name: str,
                      db: Session):
    items = [
1, 2]
# a comment at the margin does not end it
    return db.add(User(name=name))

if __name__ == "__main__":
    main()
)")
                            << Outline{QStringLiteral("1-1"), QStringLiteral("User 3-9"),
                                       QStringLiteral("User.display 11-13"), QStringLiteral("create_user 15-23"),
                                       QStringLiteral("25-26")};

    QTest::newRow("javascript") << QStringLiteral("routes.js") << QStringLiteral(R"(const express = require('express')
const app = express()

// Creates a user.
app.post('/users', async (req, res) => {
  const braces = "}{" + '}' + `${req.body.name + `}`} {`
  res.json({ ok: true })
})

function readUser(id) {
  /* a } in a comment */
  return db.find(id)
}

class UserService {
  constructor(db) {
    this.db = db
  }

  async create(name) {
    return this.db.insert({ name })
  }
}

export const handler = async (event) => {
  return event
}
)")
                                << Outline{QStringLiteral("1-2"),
                                           QStringLiteral("app.post 4-8"),
                                           QStringLiteral("readUser 10-13"),
                                           QStringLiteral("UserService 15-15"),
                                           QStringLiteral("UserService.constructor 16-18"),
                                           QStringLiteral("UserService.create 20-22"),
                                           QStringLiteral("handler 25-27")};

    QTest::newRow("typescript") << QStringLiteral("users.controller.ts")
                                << QStringLiteral(R"(import { Get } from '@nestjs/common';

@Controller('users')
export class UsersController {
  @Get(':id')
  findOne(@Param('id') id: string): Promise<User> {
    return this.service.find(id);
  }
}

export interface User {
  id: string;
}
)")
                                << Outline{QStringLiteral("1-1"), QStringLiteral("UsersController 3-4"),
                                           QStringLiteral("UsersController.findOne 5-8"), QStringLiteral("User 11-13")};

    QTest::newRow("go") << QStringLiteral("main.go") << QStringLiteral(R"(package main

import (
	"net/http"
)

// Server serves users.
type Server struct {
	db *DB
}

// CreateUser handles POST /users.
func (s *Server) CreateUser(w http.ResponseWriter, r *http.Request) {
	raw := `raw { string`
	_ = '}'
}

func main() {
	http.ListenAndServe(":8080", nil)
}
)")
                        << Outline{QStringLiteral("1-5"), QStringLiteral("Server 7-10"),
                                   QStringLiteral("Server.CreateUser 12-16"), QStringLiteral("main 18-20")};

    QTest::newRow("java") << QStringLiteral("UserController.java") << QStringLiteral(R"(package com.example;

@RestController
@RequestMapping("/users")
public class UserController {
    private final UserService service;

    /** Creates a user. */
    @PostMapping
    public ResponseEntity<List<User>> createUser(@RequestBody User user) {
        String text = """
            { not a block
            """;
        char brace = '}';
        return ResponseEntity.ok(service.save(user));
    }
}
)")
                          << Outline{QStringLiteral("1-1"), QStringLiteral("UserController 3-6"),
                                     QStringLiteral("UserController.createUser 8-16")};

    QTest::newRow("c") << QStringLiteral("main.c") << QStringLiteral(R"(#include <stdio.h>
#define OPEN {

struct point {
    int x, y;
};

/* Adds
   two numbers. */
int add(int a, int b)
{
    const char* s = "}";
    return a + b;
}
)") << Outline{QStringLiteral("1-2"), QStringLiteral("point 4-6"), QStringLiteral("add 8-14")};

    QTest::newRow("c++") << QStringLiteral("client.cpp") << QStringLiteral(R"(namespace net {
class Client : public QObject
{
public:
    Client() : m_a{1}, m_b{2} { start(); }
    void get(const std::string& url) {
        auto raw = R"x(})x";
        int n = 1'000;
    }
};

template <typename T>
T largest(T a, T b) { return a > b ? a : b; }
} // namespace net

QString Client::name() const
{
    return QStringLiteral("{");
}
)")
                         << Outline{QStringLiteral("net 1-1"),
                                    QStringLiteral("net::Client 2-4"),
                                    QStringLiteral("net::Client::Client 5-5"),
                                    QStringLiteral("net::Client::get 6-9"),
                                    QStringLiteral("net::largest 12-13"),
                                    QStringLiteral("net 14-14"),
                                    QStringLiteral("Client::name 16-19")};

    QTest::newRow("rust") << QStringLiteral("lib.rs") << QStringLiteral(R"(use std::fmt;

#[derive(Debug)]
pub struct User<'a> {
    name: &'a str,
}

impl<'a> fmt::Display for User<'a> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let brace = '}';
        write!(f, r#"{"name": "{}"}"#, self.name)
    }
}

/* outer /* nested } */ still a comment { */
pub fn create_user(name: &str) -> User {
    User { name }
}
)")
                          << Outline{QStringLiteral("1-1"), QStringLiteral("User 3-6"), QStringLiteral("User 8-8"),
                                     QStringLiteral("User::fmt 9-12"), QStringLiteral("create_user 15-18")};
}

void TestSourceChunker::outlinesByStructure()
{
    QFETCH(QString, path);
    QFETCH(QString, text);
    QFETCH(Outline, expected);
    QCOMPARE(outline(SourceChunker::chunk(path, text)), expected);
}

void TestSourceChunker::keepsTheTextAndLanguageOfEachChunk()
{
    const QString text = QStringLiteral("import os\n\n\ndef a():\n    return 1\n\n\ndef b():\n    return 2\n");
    const QList<CodeChunk> chunks = SourceChunker::chunk(QStringLiteral("pkg/mod.py"), text);
    QCOMPARE(chunks.size(), 3);
    QCOMPARE(chunks.at(1).path, QStringLiteral("pkg/mod.py"));
    QCOMPARE(chunks.at(1).language, QStringLiteral("python"));
    QCOMPARE(chunks.at(1).symbol, QStringLiteral("a"));
    QCOMPARE(chunks.at(1).text, QStringLiteral("def a():\n    return 1"));
    QCOMPARE(chunks.at(2).text, QStringLiteral("def b():\n    return 2"));
}

void TestSourceChunker::cutsLongFunctionsInWindows()
{
    QString text = QStringLiteral("def long_one():\n");
    const int bodyLines = 150;
    for (int line = 0; line < bodyLines; ++line) {
        text += QStringLiteral("    x%1 = %1\n").arg(line);
    }
    const QList<CodeChunk> chunks = SourceChunker::chunk(QStringLiteral("long.py"), text);
    QCOMPARE(outline(chunks),
             (Outline{QStringLiteral("long_one 1-60"), QStringLiteral("long_one 51-110"),
                      QStringLiteral("long_one 101-151")}));
    for (const CodeChunk& chunk : chunks) {
        QVERIFY(chunk.lastLine - chunk.firstLine + 1 <= SourceChunker::MaxChunkLines);
    }
}

void TestSourceChunker::cutsOtherFilesInOverlappingWindows()
{
    QString text;
    for (int line = 1; line <= 130; ++line) {
        text += QStringLiteral("line %1\n").arg(line);
    }
    const QList<CodeChunk> chunks = SourceChunker::chunk(QStringLiteral("notes.txt"), text);
    QCOMPARE(outline(chunks), (Outline{QStringLiteral("1-60"), QStringLiteral("51-110"), QStringLiteral("101-130")}));
    QCOMPARE(chunks.first().language, QStringLiteral("text"));
    QVERIFY(chunks.at(1).text.startsWith(QStringLiteral("line 51\n")));
    QVERIFY(chunks.at(1).text.endsWith(QStringLiteral("\nline 110")));
    // A short file is one chunk; blank lines at its ends are left out.
    QCOMPARE(outline(SourceChunker::chunk(QStringLiteral("a.yaml"), QStringLiteral("\n\nkey: value\n\n"))),
             Outline{QStringLiteral("3-3")});
    QCOMPARE(SourceChunker::chunk(QStringLiteral("empty.md"), QString()).size(), 0);
}

void TestSourceChunker::cutsLongLinesShort()
{
    const QString line(SourceChunker::MaxChunkCharacters / 2 + 1, u'a');
    const QString text = line + u'\n' + line + u'\n' + QString(SourceChunker::MaxChunkCharacters * 2, u'b');
    const QList<CodeChunk> chunks = SourceChunker::chunk(QStringLiteral("data.csv"), text);
    QCOMPARE(outline(chunks), (Outline{QStringLiteral("1-1"), QStringLiteral("2-2"), QStringLiteral("3-3")}));
    for (const CodeChunk& chunk : chunks) {
        QVERIFY(chunk.text.size() <= SourceChunker::MaxChunkCharacters);
    }
}

void TestSourceChunker::survivesDeepNesting()
{
    // Members are looked for only so deep, so that a hostile file cannot exhaust the stack.
    const int depth = 50'000;
    const QString text = QStringLiteral("namespace x {\n").repeated(depth) + QStringLiteral("}\n").repeated(depth);
    const QList<CodeChunk> chunks = SourceChunker::chunk(QStringLiteral("deep.cpp"), text);
    QVERIFY(!chunks.isEmpty());
    for (const CodeChunk& chunk : chunks) {
        QVERIFY(chunk.symbol.count(QStringLiteral("::")) <= OutlineEntry::MaxDepth);
    }
    const QString python = [] {
        QString nested;
        for (int level = 0; level < 200; ++level) {
            nested += QString(level, u' ') + QStringLiteral("class C:\n");
        }
        return nested;
    }();
    QVERIFY(SourceChunker::chunk(QStringLiteral("deep.py"), python).last().symbol.count(u'.')
            <= OutlineEntry::MaxDepth);
}

void TestSourceChunker::namesLanguages_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("language");
    QTest::newRow("python") << QStringLiteral("a/b.py") << QStringLiteral("python");
    QTest::newRow("tsx") << QStringLiteral("App.TSX") << QStringLiteral("typescript");
    QTest::newRow("header") << QStringLiteral("x.h") << QStringLiteral("cpp");
    QTest::newRow("dockerfile") << QStringLiteral("Dockerfile") << QStringLiteral("dockerfile");
    QTest::newRow("unknown") << QStringLiteral("README") << QStringLiteral("text");
}

void TestSourceChunker::namesLanguages()
{
    QFETCH(QString, path);
    QFETCH(QString, language);
    QCOMPARE(SourceChunker::languageOf(path), language);
}

QTEST_GUILESS_MAIN(TestSourceChunker)
#include "TestSourceChunker.moc"
