#include "advisor/PromptTemplate.h"

#include <limits>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

// What Jinja's semantics give comes from real Jinja2 3.1 (jinja2.Environment() defaults): the golden files from
// tests/data/advisor/make-golden.py, the rows of rendersAsJinjaDoes() checked against it when written.
class TestPromptTemplate : public QObject
{
    Q_OBJECT

private slots:
    void rendersTheSeedTemplateAsJinjaDoes_data();
    void rendersTheSeedTemplateAsJinjaDoes();
    void rendersAsJinjaDoes_data();
    void rendersAsJinjaDoes();
    void capitalizeKeepsTheRestAsWritten_data();
    void capitalizeKeepsTheRestAsWritten();
    void rendersEmptyAsAnEmptyStringNotANullOne();
    void parsesOnceAndRendersMany();
    void rejectsBadTemplates_data();
    void rejectsBadTemplates();
    void failsToRenderWhatJinjaCannot_data();
    void failsToRenderWhatJinjaCannot();
    void errorTextKeepsPercentSigns();
    void boundsNesting_data();
    void boundsNesting();
    void survivesHugeTemplates_data();
    void survivesHugeTemplates();
    void boundsRunawayRendering_data();
    void boundsRunawayRendering();
    void survivesRandomInput();

private:
    static QVariantMap context();
    static QString dataPath(const QString& name);
    // Whatever the outcome, an error names the file and a place in it.
    static void verifyWellFormed(const PromptTemplate::Error& error, const QString& fileName);
};

QVariantMap TestPromptTemplate::context()
{
    return QVariantMap{
        {QStringLiteral("name"), QStringLiteral("Ada")},
        {QStringLiteral("role"), QStringLiteral("developer")},
        {QStringLiteral("team"), QStringLiteral("SRE")},
        {QStringLiteral("n"), 42},
        {QStringLiteral("zero"), 0},
        {QStringLiteral("half"), 0.5},
        {QStringLiteral("whole"), 2.0},
        {QStringLiteral("big"), 1e16},
        {QStringLiteral("small"), 0.00001},
        {QStringLiteral("yes"), true},
        {QStringLiteral("no"), false},
        {QStringLiteral("nothing"), QVariant()},
        {QStringLiteral("empty"), QString()},
        {QStringLiteral("space"), QStringLiteral(" ")},
        {QStringLiteral("items"), QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}},
        {QStringLiteral("numbers"), QVariantList{1, 2, 3}},
        {QStringLiteral("no_items"), QVariantList()},
        {QStringLiteral("no_entries"), QVariantMap()},
        {QStringLiteral("user"),
         QVariantMap{{QStringLiteral("name"), QStringLiteral("Ada")},
                     {QStringLiteral("address"), QVariantMap{{QStringLiteral("city"), QStringLiteral("London")}}},
                     {QStringLiteral("roles"), QStringList{QStringLiteral("dev"), QStringLiteral("ops")}}}},
        {QStringLiteral("code"),
         QVariantList{
             QVariantMap{{QStringLiteral("path"), QStringLiteral("api.py")}, {QStringLiteral("first_line"), 3}},
             QVariantMap{{QStringLiteral("path"), QStringLiteral("db.py")}, {QStringLiteral("first_line"), 10}}}},
        {QStringLiteral("reals"),
         QVariantList{123456789.0, 0.1, -0.0, 1.5e-7, 12345.678, 1e22, 0.0001, 9999999999999998.0, 1.0 / 3, -2.5e-5,
                      std::numeric_limits<double>::infinity()}},
        {QStringLiteral("quotes"),
         QStringList{QStringLiteral("it's"), QStringLiteral("say \"hi\""), QStringLiteral("tab\there"),
                     QStringLiteral("\u00e9\u200b")}},
        {QStringLiteral("template"), QStringLiteral("{{ name }} {% if %}")},
    };
}

QString TestPromptTemplate::dataPath(const QString& name)
{
    return QStringLiteral(AFTERSHOCK_TEST_DATA "/advisor/") + name;
}

void TestPromptTemplate::verifyWellFormed(const PromptTemplate::Error& error, const QString& fileName)
{
    QCOMPARE(error.file, fileName);
    QVERIFY2(error.line >= 1 && error.column >= 1, qPrintable(error.toString()));
    QVERIFY(!error.message.isEmpty());
}

void TestPromptTemplate::rendersTheSeedTemplateAsJinjaDoes_data()
{
    QTest::addColumn<QString>("expectedFile");
    QTest::addColumn<QVariantMap>("values");

    QFile contexts(dataPath(QStringLiteral("seed-threats.contexts.json")));
    QVERIFY(contexts.open(QIODevice::ReadOnly));
    const QJsonObject renderings = QJsonDocument::fromJson(contexts.readAll()).object();
    QVERIFY(renderings.size() >= 2);
    for (auto rendering = renderings.begin(); rendering != renderings.end(); ++rendering) {
        QTest::newRow(qPrintable(rendering.key())) << rendering.key() << rendering.value().toObject().toVariantMap();
    }
}

void TestPromptTemplate::rendersTheSeedTemplateAsJinjaDoes()
{
    QFETCH(QString, expectedFile);
    QFETCH(QVariantMap, values);

    QFile source(dataPath(QStringLiteral("seed-threats.md.j2")));
    QVERIFY(source.open(QIODevice::ReadOnly));
    QFile expected(dataPath(expectedFile));
    QVERIFY(expected.open(QIODevice::ReadOnly));
    PromptTemplate::Error error;
    const std::optional<PromptTemplate> parsed
        = PromptTemplate::parse(QString::fromUtf8(source.readAll()), source.fileName(), &error);
    QVERIFY2(parsed, qPrintable(error.toString()));
    const QString rendered = parsed->render(values, &error);
    QVERIFY2(!rendered.isNull(), qPrintable(error.toString()));
    QCOMPARE(rendered.toUtf8(), expected.readAll());
}

void TestPromptTemplate::rendersAsJinjaDoes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("text only") << QStringLiteral("Plain text, { braces } and }} %} #} alone.")
                               << QStringLiteral("Plain text, { braces } and }} %} #} alone.");
    QTest::newRow("variable") << QStringLiteral("Hello {{ name }}!") << QStringLiteral("Hello Ada!");
    QTest::newRow("integer") << QStringLiteral("{{ n }} {{ zero }}") << QStringLiteral("42 0");
    QTest::newRow("booleans") << QStringLiteral("{{ yes }} {{ no }}") << QStringLiteral("True False");
    QTest::newRow("reals") << QStringLiteral("{{ half }} {{ whole }} {{ big }} {{ small }}")
                           << QStringLiteral("0.5 2.0 1e+16 1e-05");
    QTest::newRow("reals in a list") << QStringLiteral("{{ reals }}")
                                     << QStringLiteral("[123456789.0, 0.1, -0.0, 1.5e-07, 12345.678, 1e+22, 0.0001, "
                                                       "9999999999999998.0, 0.3333333333333333, -2.5e-05, inf]");
    QTest::newRow("none") << QStringLiteral("{{ nothing }}") << QStringLiteral("None");
    QTest::newRow("list printed")
        << QStringLiteral("{{ items }} {{ numbers }} {{ quotes }}")
        << QStringLiteral("['a', 'b', 'c'] [1, 2, 3] [\"it's\", 'say \"hi\"', 'tab\\there', '\u00e9\\u200b']");
    QTest::newRow("map printed") << QStringLiteral("{{ user.address }}") << QStringLiteral("{'city': 'London'}");
    QTest::newRow("string literals") << QStringLiteral(
        "{{ 'single' }} {{ \"double\" }} {{ 'it\\'s' }} {{ \"tab\\there\" }}")
                                     << QStringLiteral("single double it's tab\there");
    QTest::newRow("string escapes") << QStringLiteral("{{ 'a\\nb\\x41\\u00e9\\U0001F600\\101\\\\' }}")
                                    << QStringLiteral("a\nbA\u00e9\U0001f600A\\");
    QTest::newRow("unknown escape kept") << QStringLiteral("{{ 'a\\qb' }}") << QStringLiteral("a\\qb");
    QTest::newRow("delimiters in strings")
        << QStringLiteral("{{ '}}' }}{{ \"%}\" }}{{ '{{' }}") << QStringLiteral("}}%}{{");
    QTest::newRow("literals") << QStringLiteral("{{ 7 }} {{ true }} {{ false }} {{ none }} {{ True }}")
                              << QStringLiteral("7 True False None True");
    QTest::newRow("undefined") << QStringLiteral("[{{ missing }}]") << QStringLiteral("[]");
    QTest::newRow("dotted access") << QStringLiteral("{{ user.name }} lives in {{ user.address.city }}")
                                   << QStringLiteral("Ada lives in London");
    QTest::newRow("missing attribute") << QStringLiteral("[{{ user.age }}][{{ name.size }}][{{ nothing.x }}]")
                                       << QStringLiteral("[][][]");
    QTest::newRow("values are not parsed") << QStringLiteral("{{ template }}") << QStringLiteral("{{ name }} {% if %}");
    QTest::newRow("capitalize") << QStringLiteral("{{ role | capitalize }}") << QStringLiteral("Developer");
    QTest::newRow("upper") << QStringLiteral("{{ name|upper }} {{ n|upper }}") << QStringLiteral("ADA 42");
    QTest::newRow("lower") << QStringLiteral("{{ 'MiXeD Case'|lower }}") << QStringLiteral("mixed case");
    QTest::newRow("trim") << QStringLiteral("[{{ '  \\n padded \\t '|trim }}][{{ '--x-y--'|trim('-') }}]")
                          << QStringLiteral("[padded][x-y]");
    QTest::newRow("default") << QStringLiteral(
        "{{ missing|default('fallback') }}|{{ empty|default('fallback') }}|{{ empty|default('fallback', true) }}|{{ "
        "missing|default }}|{{ name|default('other') }}")
                             << QStringLiteral("fallback||fallback||Ada");
    QTest::newRow("default of an undefined")
        << QStringLiteral("[{{ missing|default(other) }}]") << QStringLiteral("[]");
    QTest::newRow("join") << QStringLiteral("{{ items|join(', ') }} {{ items|join }} {{ numbers|join('+') }} {{ "
                                            "'abc'|join('.') }} {{ user|join(',') }} [{{ missing|join(',') }}]")
                          << QStringLiteral("a, b, c abc 1+2+3 a.b.c address,name,roles []");
    QTest::newRow("length") << QStringLiteral("{{ items|length }} {{ 'h\u00e9llo'|length }} {{ '\U0001f600'|length }} "
                                              "{{ user|length }} {{ missing|length }} {{ no_items|length }}")
                            << QStringLiteral("3 5 1 3 0 0");
    QTest::newRow("chained filters") << QStringLiteral(
        "{{ '  sre  '|trim|upper }} {{ missing|default('  x ')|trim|upper|length }}")
                                     << QStringLiteral("SRE 1");
    QTest::newRow("filter on parentheses") << QStringLiteral("{{ (missing or 'alt')|upper }}") << QStringLiteral("ALT");
    QTest::newRow("not and or") << QStringLiteral(
        "{{ not missing }} {{ name and 'yes' }} {{ missing or 'fallback' }} [{{ zero or empty }}] {{ zero and name }}")
                                << QStringLiteral("True yes fallback [] 0");
    QTest::newRow("equality") << QStringLiteral(
        "{{ 1 == 1 }} {{ 'a' != 'b' }} {{ n == 42 }} {{ name == 'Ada' }} {{ 1 == '1' }} {{ missing == other }} {{ yes "
        "== 1 }} {{ whole == 2 }} {{ items == items }}")
                              << QStringLiteral("True True True True False True True True True");
    QTest::newRow("chained equality") << QStringLiteral("{{ 1 == 1 == 1 }} {{ 1 != 2 != 1 }} {{ 1 == 2 == 2 }}")
                                      << QStringLiteral("True True False");
    QTest::newRow("precedence") << QStringLiteral(
        "{{ not name == 'Bob' and (missing or n == 42) }} {{ not items|length == 3 }}")
                                << QStringLiteral("True False");
    QTest::newRow("if") << QStringLiteral("{% if name %}yes{% endif %}") << QStringLiteral("yes");
    QTest::newRow("if else") << QStringLiteral("{% if missing %}yes{% else %}no{% endif %}") << QStringLiteral("no");
    QTest::newRow("elif") << QStringLiteral(
        "{% if n == 1 %}one{% elif n == 42 %}answer{% elif n %}other{% else %}none{% endif %}")
                          << QStringLiteral("answer");
    QTest::newRow("else after elifs") << QStringLiteral("{% if zero %}a{% elif missing %}b{% else %}c{% endif %}")
                                      << QStringLiteral("c");
    QTest::newRow("falsy") << QStringLiteral(
        "[{% if empty %}s{% endif %}{% if no_items %}l{% endif %}{% if no_entries %}m{% endif %}{% if zero %}z{% endif "
        "%}{% if no %}f{% endif %}{% if missing %}u{% endif %}{% if nothing %}n{% endif %}{% if 0 %}0{% endif %}{% if "
        "'' %}q{% endif %}]")
                           << QStringLiteral("[]");
    QTest::newRow("truthy") << QStringLiteral(
        "[{% if '0' %}s{% endif %}{% if items %}l{% endif %}{% if user %}m{% endif %}{% if n %}z{% endif %}{% if yes "
        "%}t{% endif %}{% if space %}w{% endif %}{% if half %}h{% endif %}]")
                            << QStringLiteral("[slmztwh]");
    QTest::newRow("nested if") << QStringLiteral("{% if name %}{% if missing %}a{% elif n %}b{% endif %}{% endif %}")
                               << QStringLiteral("b");
    QTest::newRow("for") << QStringLiteral(
        "{% for x in items %}{{ loop.index }}/{{ loop.length }}:{{ x }}{% if not loop.last %}, {% endif %}{% endfor %}")
                         << QStringLiteral("1/3:a, 2/3:b, 3/3:c");
    QTest::newRow("loop variables") << QStringLiteral(
        "{% for x in items %}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.revindex }}{{ loop.revindex0 }} "
        "{% endfor %}") << QStringLiteral("0TrueFalse32 1FalseFalse21 2FalseTrue10 ");
    QTest::newRow("for else") << QStringLiteral("{% for x in no_items %}{{ x }}{% else %}nothing{% endfor %}")
                              << QStringLiteral("nothing");
    QTest::newRow("for over undefined") << QStringLiteral("{% for x in missing %}{{ x }}{% else %}nothing{% endfor %}")
                                        << QStringLiteral("nothing");
    QTest::newRow("for over a string") << QStringLiteral("{% for c in 'ab\u00e9' %}{{ c }}.{% endfor %}")
                                       << QStringLiteral("a.b.\u00e9.");
    QTest::newRow("for over map keys") << QStringLiteral("{% for key in user %}{{ key }} {% endfor %}")
                                       << QStringLiteral("address name roles ");
    QTest::newRow("for over maps") << QStringLiteral(
        "{% for chunk in code %}`{{ chunk.path }}` from line {{ chunk.first_line }}\n{% endfor %}")
                                   << QStringLiteral("`api.py` from line 3\n`db.py` from line 10\n");
    QTest::newRow("nested loops") << QStringLiteral("{% for a in numbers %}{% for b in items %}{{ loop.index }}{{ a "
                                                    "}}{{ b }} {% endfor %}{{ loop.index }};{% endfor %}")
                                  << QStringLiteral("11a 21b 31c 1;12a 22b 32c 2;13a 23b 33c 3;");
    QTest::newRow("loop variable is scoped")
        << QStringLiteral("{% for name in items %}{{ name }}{% endfor %} {{ name }}") << QStringLiteral("abc Ada");
    QTest::newRow("comment") << QStringLiteral("a{# comment #}b{# {{ x }} {% if %}\n #}c") << QStringLiteral("abc");
    QTest::newRow("minus on the left of output") << QStringLiteral("a  \n\t {{- name }}") << QStringLiteral("aAda");
    QTest::newRow("minus on the right of output") << QStringLiteral("{{ name -}} \n\n  b") << QStringLiteral("Adab");
    QTest::newRow("minus on the left of a statement")
        << QStringLiteral("a \n {%- if yes %}b{% endif %}") << QStringLiteral("ab");
    QTest::newRow("minus on the right of a statement")
        << QStringLiteral("{% if yes -%}  \n b{% endif %}") << QStringLiteral("b");
    QTest::newRow("minus on the left of a comment") << QStringLiteral("a \n {#- c #}b") << QStringLiteral("ab");
    QTest::newRow("minus on the right of a comment") << QStringLiteral("a{# c -#} \n b") << QStringLiteral("ab");
    QTest::newRow("minus inside a comment") << QStringLiteral("a {#-#} b {#--#} c") << QStringLiteral("a bc");
    QTest::newRow("minus on both sides") << QStringLiteral(
        "<ul>\n  {%- for x in items %}\n  <li>{{ x }}</li>\n  {%- endfor %}\n</ul>")
                                         << QStringLiteral("<ul>\n  <li>a</li>\n  <li>b</li>\n  <li>c</li>\n</ul>");
    QTest::newRow("minus strips unicode whitespace")
        << QStringLiteral("a\u00a0\u2003\u001c{{- 'b' -}}\u3000 c") << QStringLiteral("abc");
    QTest::newRow("plus does nothing") << QStringLiteral("a {%+ if yes +%} b {%+ endif %} {{+ name }} {#+ c +#} d")
                                       << QStringLiteral("a  b  Ada  d");
    QTest::newRow("no trim_blocks or lstrip_blocks")
        << QStringLiteral("list:\n  {% for x in items %}\n  - {{ x }}\n  {% endfor %}\nend\n")
        << QStringLiteral("list:\n  \n  - a\n  \n  - b\n  \n  - c\n  \nend");
    QTest::newRow("one final newline dropped") << QStringLiteral("text\n\n") << QStringLiteral("text\n");
    QTest::newRow("line endings normalised") << QStringLiteral("a\r\nb\rc{{ 'd' }}\r\n") << QStringLiteral("a\nb\ncd");
    QTest::newRow("only a newline") << QStringLiteral("\n") << QStringLiteral("");
}

void TestPromptTemplate::rendersAsJinjaDoes()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);

    PromptTemplate::Error error;
    const std::optional<PromptTemplate> parsed = PromptTemplate::parse(text, QStringLiteral("row.j2"), &error);
    QVERIFY2(parsed, qPrintable(error.toString()));
    const QString rendered = parsed->render(context(), &error);
    QVERIFY2(!rendered.isNull(), qPrintable(error.toString()));
    QCOMPARE(rendered, expected);
}

// Where we differ from Jinja on purpose: its capitalize lower-cases the rest and would make "SRE" "Sre".
void TestPromptTemplate::capitalizeKeepsTheRestAsWritten_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("SRE") << QStringLiteral("{{ 'SRE' | capitalize }}") << QStringLiteral("SRE");
    QTest::newRow("variable") << QStringLiteral("{{ team|capitalize }}") << QStringLiteral("SRE");
    QTest::newRow("mixed") << QStringLiteral("{{ 'sRE on call'|capitalize }}") << QStringLiteral("SRE on call");
    QTest::newRow("lower") << QStringLiteral("{{ role|capitalize }}") << QStringLiteral("Developer");
    QTest::newRow("accented") << QStringLiteral("{{ '\u00e9quipe'|capitalize }}") << QStringLiteral("\u00c9quipe");
    QTest::newRow("empty") << QStringLiteral("[{{ ''|capitalize }}]") << QStringLiteral("[]");
    QTest::newRow("undefined") << QStringLiteral("[{{ missing|capitalize }}]") << QStringLiteral("[]");
}

void TestPromptTemplate::capitalizeKeepsTheRestAsWritten()
{
    rendersAsJinjaDoes();
}

void TestPromptTemplate::rendersEmptyAsAnEmptyStringNotANullOne()
{
    PromptTemplate::Error error;
    for (const QString& text : {QString(), QStringLiteral("{# nothing #}"), QStringLiteral("{{ missing }}")}) {
        const std::optional<PromptTemplate> parsed = PromptTemplate::parse(text, QStringLiteral("empty.j2"), &error);
        QVERIFY2(parsed, qPrintable(error.toString()));
        const QString rendered = parsed->render(QVariantMap());
        QVERIFY(!rendered.isNull());
        QVERIFY(rendered.isEmpty());
    }
    QVERIFY(!PromptTemplate().render(QVariantMap()).isNull());
}

void TestPromptTemplate::parsesOnceAndRendersMany()
{
    PromptTemplate::Error error;
    const std::optional<PromptTemplate> parsed
        = PromptTemplate::parse(QStringLiteral("{% for x in items %}{{ x|upper }}{% else %}none{% endfor %}"),
                                QStringLiteral("many.j2"), &error);
    QVERIFY2(parsed, qPrintable(error.toString()));
    const PromptTemplate copy = *parsed;
    QCOMPARE(parsed->render({{QStringLiteral("items"), QStringList{QStringLiteral("a"), QStringLiteral("b")}}}),
             QStringLiteral("AB"));
    QCOMPARE(copy.render({{QStringLiteral("items"), QVariantList{1}}}), QStringLiteral("1"));
    QCOMPARE(parsed->render(QVariantMap()), QStringLiteral("none"));
}

void TestPromptTemplate::rejectsBadTemplates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    // Tags and comments that do not end.
    QTest::newRow("unclosed output") << QStringLiteral("Hi {{ name")
                                     << QStringLiteral("t.j2:1:11: '{{' opened at 1:4 is never closed");
    QTest::newRow("unclosed statement") << QStringLiteral("a\n{% if name\n")
                                        << QStringLiteral("t.j2:2:11: '{%' opened at 2:1 is never closed");
    QTest::newRow("unclosed comment") << QStringLiteral("a\n  {# note\nmore")
                                      << QStringLiteral("t.j2:3:5: '{#' opened at 2:3 is never closed");
    QTest::newRow("wrong closing delimiter")
        << QStringLiteral("{{ name %}")
        << QStringLiteral("t.j2:1:9: '{{' opened at 1:1 is closed with '%}'; expected '}}'");
    QTest::newRow("unclosed if") << QStringLiteral("line\n{% if name %}\nyes\n")
                                 << QStringLiteral("t.j2:3:4: '{% if %}' opened at 2:1 is never closed");
    QTest::newRow("unclosed for") << QStringLiteral("{% for x in items %}{% if x %}{% endif %}")
                                  << QStringLiteral("t.j2:1:42: '{% for %}' opened at 1:1 is never closed");
    QTest::newRow("unclosed if after else") << QStringLiteral("{% if a %}{% else %}b")
                                            << QStringLiteral("t.j2:1:22: '{% if %}' opened at 1:1 is never closed");
    // Tags that are unknown or out of place.
    QTest::newRow("unknown tag") << QStringLiteral("a\n {% include 'x.j2' %}")
                                 << QStringLiteral("t.j2:2:2: unknown tag 'include'");
    QTest::newRow("no tag name") << QStringLiteral("{% %}")
                                 << QStringLiteral("t.j2:1:4: expected a tag name, found '%}'");
    QTest::newRow("string as tag name") << QStringLiteral("{% 'if' %}")
                                        << QStringLiteral("t.j2:1:4: expected a tag name, found a string");
    QTest::newRow("endif without if") << QStringLiteral("a\n  {% endif %}")
                                      << QStringLiteral("t.j2:2:3: '{% endif %}' without a matching '{% if %}'");
    QTest::newRow("elif without if") << QStringLiteral("{% elif a %}")
                                     << QStringLiteral("t.j2:1:1: '{% elif %}' without a matching '{% if %}'");
    QTest::newRow("else without if") << QStringLiteral(
        "{% else %}") << QStringLiteral("t.j2:1:1: '{% else %}' without a matching '{% if %}' or '{% for %}'");
    QTest::newRow("endfor without for") << QStringLiteral("{% if a %}{% endif %}{% endfor %}")
                                        << QStringLiteral("t.j2:1:22: '{% endfor %}' without a matching '{% for %}'");
    QTest::newRow("endif closing a for")
        << QStringLiteral("{% if a %}\n{% for x in items %}{% endif %}")
        << QStringLiteral(
               "t.j2:2:21: expected '{% endfor %}' to close the '{% for %}' opened at 2:1, found '{% endif %}'");
    QTest::newRow("endfor closing an if")
        << QStringLiteral("{% if a %}{% endfor %}")
        << QStringLiteral(
               "t.j2:1:11: expected '{% endif %}' to close the '{% if %}' opened at 1:1, found '{% endfor %}'");
    QTest::newRow("elif in a for")
        << QStringLiteral("{% for x in items %}{% elif a %}")
        << QStringLiteral(
               "t.j2:1:21: expected '{% endfor %}' to close the '{% for %}' opened at 1:1, found '{% elif %}'");
    QTest::newRow("two elses in an if")
        << QStringLiteral("{% if a %}{% else %}{% else %}{% endif %}")
        << QStringLiteral("t.j2:1:21: '{% else %}' after '{% else %}' in the '{% if %}' opened at 1:1");
    QTest::newRow("elif after else")
        << QStringLiteral("{% if a %}{% else %}{% elif b %}{% endif %}")
        << QStringLiteral("t.j2:1:21: '{% elif %}' after '{% else %}' in the '{% if %}' opened at 1:1");
    QTest::newRow("two elses in a for")
        << QStringLiteral("{% for x in items %}{% else %}{% else %}{% endfor %}")
        << QStringLiteral("t.j2:1:31: '{% else %}' after '{% else %}' in the '{% for %}' opened at 1:1");
    QTest::newRow("words after endif") << QStringLiteral("{% if a %}{% endif a %}")
                                       << QStringLiteral("t.j2:1:20: expected '%}', found 'a'");
    QTest::newRow("words after else") << QStringLiteral("{% if a %}{% else if b %}{% endif %}")
                                      << QStringLiteral("t.j2:1:19: expected '%}', found 'if'");
    QTest::newRow("if without a condition")
        << QStringLiteral("{% if %}{% endif %}") << QStringLiteral("t.j2:1:7: expected an expression, found '%}'");
    // Loops.
    QTest::newRow("for without a variable")
        << QStringLiteral("{% for in items %}")
        << QStringLiteral("t.j2:1:8: expected a loop variable name after 'for', found 'in'");
    QTest::newRow("for without in") << QStringLiteral(
        "{% for x items %}") << QStringLiteral("t.j2:1:10: expected 'in' after the loop variable, found 'items'");
    QTest::newRow("for over two variables")
        << QStringLiteral("{% for k, v in items %}")
        << QStringLiteral("t.j2:1:9: expected 'in' after the loop variable, found ','");
    QTest::newRow("for assigning loop") << QStringLiteral("{% for loop in items %}")
                                        << QStringLiteral(
                                               "t.j2:1:8: 'loop' is the loop's own variable and cannot be assigned");
    QTest::newRow("for with a filter") << QStringLiteral("{% for x in items if x %}")
                                       << QStringLiteral("t.j2:1:19: expected '%}', found 'if'");
    // Filters.
    QTest::newRow("unknown filter") << QStringLiteral("You are a {{ role | capitalise }}.")
                                    << QStringLiteral("t.j2:1:21: unknown filter 'capitalise'");
    QTest::newRow("no filter name") << QStringLiteral("{{ role | }}")
                                    << QStringLiteral("t.j2:1:11: expected a filter name after '|', found '}}'");
    QTest::newRow("arguments to upper") << QStringLiteral("{{ role|upper(1) }}")
                                        << QStringLiteral("t.j2:1:9: 'upper' takes no arguments");
    QTest::newRow("too many arguments") << QStringLiteral("{{ role|default(1, 2, 3) }}")
                                        << QStringLiteral("t.j2:1:9: 'default' takes at most 2 arguments, not 3");
    QTest::newRow("arguments without comma")
        << QStringLiteral("{{ items|join(',' ';') }}")
        << QStringLiteral("t.j2:1:19: expected ',' or ')' after an argument of 'join', found a string");
    QTest::newRow("keyword argument")
        << QStringLiteral("{{ x|default(value=1) }}")
        << QStringLiteral("t.j2:1:19: expected ',' or ')' after an argument of 'default', found '='");
    QTest::newRow("unclosed arguments")
        << QStringLiteral("{{ x|default(1 }}")
        << QStringLiteral("t.j2:1:16: expected ',' or ')' after an argument of 'default', found '}}'");
    // Expressions.
    QTest::newRow("empty output") << QStringLiteral("{{ }}")
                                  << QStringLiteral("t.j2:1:4: expected an expression, found '}}'");
    QTest::newRow("missing operand") << QStringLiteral("{{ a == }}")
                                     << QStringLiteral("t.j2:1:9: expected an expression, found '}}'");
    QTest::newRow("two names") << QStringLiteral("{{ a b }}") << QStringLiteral("t.j2:1:6: expected '}}', found 'b'");
    QTest::newRow("unsupported operator")
        << QStringLiteral("{{ a + b }}") << QStringLiteral("t.j2:1:6: expected '}}', found '+'");
    QTest::newRow("keyword as a value") << QStringLiteral("{{ a and or }}")
                                        << QStringLiteral("t.j2:1:10: expected an expression, found 'or'");
    QTest::newRow("unclosed parenthesis")
        << QStringLiteral("{{ (a or b }}")
        << QStringLiteral("t.j2:1:12: expected ')' to close the '(' at 1:4, found '}}'");
    QTest::newRow("attribute without a name")
        << QStringLiteral("{{ a. }}") << QStringLiteral("t.j2:1:7: expected an attribute name after '.', found '}}'");
    QTest::newRow("float literal") << QStringLiteral("{{ 1.5 }}")
                                   << QStringLiteral("t.j2:1:6: expected an attribute name after '.', found '5'");
    QTest::newRow("integer too large") << QStringLiteral("{{ 99999999999999999999 }}")
                                       << QStringLiteral("t.j2:1:4: the integer is too large");
    QTest::newRow("unexpected character")
        << QStringLiteral("{{ a \u2013 b }}") << QStringLiteral("t.j2:1:6: unexpected character '\u2013'");
    QTest::newRow("control character") << QStringLiteral("{{ a \u0001 }}")
                                       << QStringLiteral("t.j2:1:6: unexpected character U+0001");
    // Strings.
    QTest::newRow("unterminated string") << QStringLiteral("{{ 'abc }}")
                                         << QStringLiteral("t.j2:1:4: unterminated string");
    QTest::newRow("unterminated string over lines")
        << QStringLiteral("x\n{{ \"abc }}\n\n") << QStringLiteral("t.j2:2:4: unterminated string");
    QTest::newRow("truncated escape") << QStringLiteral("{{ 'a\\x4' }}")
                                      << QStringLiteral("t.j2:1:6: truncated '\\x' escape in a string");
    QTest::newRow("escape beyond unicode") << QStringLiteral("{{ '\\U00110000' }}")
                                           << QStringLiteral("t.j2:1:5: '\\U' escape beyond U+10FFFF in a string");
    QTest::newRow("named escape") << QStringLiteral("{{ '\\N{BULLET}' }}")
                                  << QStringLiteral("t.j2:1:5: '\\N{...}' escapes are not supported");
    // Columns count characters, a surrogate pair being one, and lines count "\r\n" once.
    QTest::newRow("column after wide characters")
        << QStringLiteral("\u00e9\U0001f600 {{ a|nope }}") << QStringLiteral("t.j2:1:9: unknown filter 'nope'");
    QTest::newRow("line after CRLF") << QStringLiteral("a\r\nb\r\n\tc {{ a|nope }}")
                                     << QStringLiteral("t.j2:3:9: unknown filter 'nope'");
}

void TestPromptTemplate::rejectsBadTemplates()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);

    PromptTemplate::Error error;
    QVERIFY(!PromptTemplate::parse(text, QStringLiteral("t.j2"), &error));
    QCOMPARE(error.toString(), expected);
}

void TestPromptTemplate::failsToRenderWhatJinjaCannot_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("attribute of undefined")
        << QStringLiteral("{{ missing.x }}")
        << QStringLiteral("t.j2:1:12: 'missing' is undefined, so it has no attribute 'x'");
    QTest::newRow("attribute of a missing attribute")
        << QStringLiteral("a\n{{ user.age.years }}")
        << QStringLiteral("t.j2:2:13: 'user.age' is undefined, so it has no attribute 'years'");
    QTest::newRow("attribute of loop outside a loop")
        << QStringLiteral("{{ loop.index }}")
        << QStringLiteral("t.j2:1:9: 'loop' is undefined, so it has no attribute 'index'");
    QTest::newRow("length of an integer")
        << QStringLiteral("{{ n|length }}")
        << QStringLiteral("t.j2:1:6: 'length' takes a string, a list or a map, not an integer");
    QTest::newRow("join of a boolean") << QStringLiteral("{{ yes|join(',') }}")
                                       << QStringLiteral("t.j2:1:8: 'join' takes a list, not a boolean");
    QTest::newRow("loop over an integer")
        << QStringLiteral("{% for x in n %}{% endfor %}") << QStringLiteral("t.j2:1:13: cannot loop over an integer");
    QTest::newRow("loop over none") << QStringLiteral(
        "{% for x in items %}\n{% for y in nothing %}{% endfor %}{% endfor %}")
                                    << QStringLiteral("t.j2:2:13: cannot loop over none");
    QTest::newRow("only when reached")
        << QStringLiteral("{% if missing %}{{ missing.x }}{% endif %}{{ name }}{{ n|length }}")
        << QStringLiteral("t.j2:1:58: 'length' takes a string, a list or a map, not an integer");
}

void TestPromptTemplate::failsToRenderWhatJinjaCannot()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);

    PromptTemplate::Error error;
    const std::optional<PromptTemplate> parsed = PromptTemplate::parse(text, QStringLiteral("t.j2"), &error);
    QVERIFY2(parsed, qPrintable(error.toString()));
    QVERIFY(parsed->render(context(), &error).isNull());
    QCOMPARE(error.toString(), expected);
}

void TestPromptTemplate::errorTextKeepsPercentSigns()
{
    const PromptTemplate::Error error{QStringLiteral("100%1.j2"), 2, 3, QStringLiteral("unknown filter '%2'")};
    QCOMPARE(error.toString(), QStringLiteral("100%1.j2:2:3: unknown filter '%2'"));
}

void TestPromptTemplate::boundsNesting_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    const int limit = PromptTemplate::MaximumNesting;
    QTest::newRow("ifs at the limit") << QStringLiteral("{% if yes %}").repeated(limit) + QStringLiteral("deep")
            + QStringLiteral("{% endif %}").repeated(limit)
                                      << QStringLiteral("deep");
    QTest::newRow("ifs beyond the limit")
        << QStringLiteral("{% if yes %}").repeated(limit + 1)
        << QStringLiteral("t.j2:1:%1: blocks are nested more than 64 deep").arg(12 * limit + 1);
    QTest::newRow("100000 ifs") << QStringLiteral("{% if yes %}").repeated(100000) << QString();
    QTest::newRow("100000 fors") << QStringLiteral("{% for x in items %}\n").repeated(100000) << QString();
    QTest::newRow("parentheses at the limit") << QStringLiteral("{{ ") + QString(limit - 1, u'(')
            + QStringLiteral("name") + QString(limit - 1, u')')
            + QStringLiteral(" }}") << QStringLiteral("Ada");
    QTest::newRow("parentheses beyond the limit")
        << QStringLiteral("{{ ") + QString(limit, u'(') + QStringLiteral("name") + QString(limit, u')')
            + QStringLiteral(" }}")
        << QStringLiteral("t.j2:1:%1: the expression is nested more than 64 deep").arg(limit + 4);
    QTest::newRow("100000 parentheses") << QStringLiteral("{{ ") + QString(100000, u'(') << QString();
    QTest::newRow("100000 nots") << QStringLiteral("{{ ") + QStringLiteral("not ").repeated(100000)
            + QStringLiteral("x }}")
                                 << QString();
    QTest::newRow("nested filter arguments")
        << QStringLiteral("{{ x") + QStringLiteral("|default(x").repeated(100000) << QString();
}

// Beyond the limits, the error is the point; the deep rows check only that they end with one.
void TestPromptTemplate::boundsNesting()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);

    PromptTemplate::Error error;
    const std::optional<PromptTemplate> parsed = PromptTemplate::parse(text, QStringLiteral("t.j2"), &error);
    if (expected.isEmpty()) {
        QVERIFY(!parsed);
        verifyWellFormed(error, QStringLiteral("t.j2"));
    } else if (parsed) {
        QCOMPARE(parsed->render(context()), expected);
    } else {
        QCOMPARE(error.toString(), expected);
    }
}

void TestPromptTemplate::survivesHugeTemplates_data()
{
    QTest::addColumn<QString>("text");

    const int megabyte = 1024 * 1024;
    QTest::newRow("1 MB of {{") << QStringLiteral("{{").repeated(megabyte / 2);
    QTest::newRow("1 MB of {%") << QStringLiteral("{%").repeated(megabyte / 2);
    QTest::newRow("1 MB of {#") << QStringLiteral("{#").repeated(megabyte / 2);
    QTest::newRow("1 MB of }}") << QStringLiteral("}}").repeated(megabyte / 2);
    QTest::newRow("1 MB of {{-") << QStringLiteral("{{-").repeated(megabyte / 3);
    QTest::newRow("1 MB of outputs") << QStringLiteral("{{ name }}").repeated(megabyte / 10);
    QTest::newRow("1 MB of whitespace control") << QStringLiteral(" {{- name -}} \n").repeated(megabyte / 15);
    QTest::newRow("1 MB of quotes") << QStringLiteral("{{ '") + QString(megabyte, u'\'');
    QTest::newRow("1 MB of backslashes") << QStringLiteral("{{ '") + QString(megabyte, u'\\');
    QTest::newRow("1 MB of attributes") << QStringLiteral("{{ user") + QStringLiteral(".name").repeated(megabyte / 5)
            + QStringLiteral(" }}");
    QTest::newRow("1 MB of filters") << QStringLiteral("{{ name") + QStringLiteral("|upper").repeated(megabyte / 6)
            + QStringLiteral(" }}");
    QTest::newRow("1 MB of or") << QStringLiteral("{{ missing") + QStringLiteral(" or missing").repeated(megabyte / 11)
            + QStringLiteral(" }}");
    QTest::newRow("1 MB of ==") << QStringLiteral("{{ n") + QStringLiteral(" == n").repeated(megabyte / 5)
            + QStringLiteral(" }}");
    QTest::newRow("1 MB of if and endif") << QStringLiteral("{% if yes %}x{% endif %}").repeated(megabyte / 24);
    QTest::newRow("1 MB of newlines and a bad tag") << QString(megabyte, u'\n') + QStringLiteral("{% bad %}");
}

void TestPromptTemplate::survivesHugeTemplates()
{
    QFETCH(QString, text);

    PromptTemplate::Error error;
    const std::optional<PromptTemplate> parsed = PromptTemplate::parse(text, QStringLiteral("huge.j2"), &error);
    if (!parsed) {
        verifyWellFormed(error, QStringLiteral("huge.j2"));
        return;
    }
    const QString rendered = parsed->render(context(), &error);
    if (rendered.isNull()) {
        verifyWellFormed(error, QStringLiteral("huge.j2"));
    }
}

void TestPromptTemplate::boundsRunawayRendering_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("loops nested deep") << QStringLiteral("{% for x in ten %}").repeated(PromptTemplate::MaximumNesting)
            + QStringLiteral("{% endfor %}").repeated(PromptTemplate::MaximumNesting)
                                       << QStringLiteral("steps");
    QTest::newRow("loops printing") << QStringLiteral("{% for x in ten %}").repeated(9) + QStringLiteral("{{ x }}")
            + QStringLiteral("{% endfor %}").repeated(9)
                                    << QStringLiteral("steps");
    QTest::newRow("output too long") << QStringLiteral(
        "{% for a in thousand %}{% for b in thousand %}{{ long }}{% endfor %}{% endfor %}")
                                     << QStringLiteral("the rendered text would be longer than");
    QTest::newRow("join too long") << QStringLiteral("{{ thousand|join(long) }}{{ thousand|join(long) }}")
                                   << QStringLiteral("would make more than");
    QTest::newRow("filters over long text") << QStringLiteral(
        "{% for a in thousand %}{% for b in thousand %}{{ long|upper|length }}{% endfor %}{% endfor %}")
                                            << QStringLiteral("steps");
}

void TestPromptTemplate::boundsRunawayRendering()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);

    QVariantMap values = context();
    values.insert(QStringLiteral("ten"), QVariantList(10, 0));
    values.insert(QStringLiteral("thousand"), QVariantList(1000, 0));
    values.insert(QStringLiteral("long"), QString(10000, u'x'));
    PromptTemplate::Error error;
    const std::optional<PromptTemplate> parsed = PromptTemplate::parse(text, QStringLiteral("runaway.j2"), &error);
    QVERIFY2(parsed, qPrintable(error.toString()));
    QVERIFY(parsed->render(values, &error).isNull());
    verifyWellFormed(error, QStringLiteral("runaway.j2"));
    QVERIFY2(error.message.contains(expected), qPrintable(error.toString()));
}

// Templates made of template syntax in random order, and of random UTF-16 code units (lone surrogates among them),
// from a fixed seed so that a failure repeats.
void TestPromptTemplate::survivesRandomInput()
{
    const QStringList fragments{
        QStringLiteral("{{"),         QStringLiteral("}}"),
        QStringLiteral("{%"),         QStringLiteral("%}"),
        QStringLiteral("{#"),         QStringLiteral("#}"),
        QStringLiteral("-"),          QStringLiteral("+"),
        QStringLiteral(" "),          QStringLiteral("\n"),
        QStringLiteral("\r"),         QStringLiteral("if "),
        QStringLiteral("elif "),      QStringLiteral("else"),
        QStringLiteral("endif"),      QStringLiteral("for x in items"),
        QStringLiteral("endfor"),     QStringLiteral("x"),
        QStringLiteral("user.name"),  QStringLiteral("loop.index"),
        QStringLiteral("'"),          QStringLiteral("\""),
        QStringLiteral("\\"),         QStringLiteral("("),
        QStringLiteral(")"),          QStringLiteral("|"),
        QStringLiteral("upper"),      QStringLiteral("default("),
        QStringLiteral("join"),       QStringLiteral("length"),
        QStringLiteral(","),          QStringLiteral("not "),
        QStringLiteral(" and "),      QStringLiteral(" or "),
        QStringLiteral("=="),         QStringLiteral("!="),
        QStringLiteral("1"),          QStringLiteral("\u00e9"),
        QStringLiteral("\U0001f600"),
    };
    QRandomGenerator random(20240611);
    for (int round = 0; round < 4000; ++round) {
        QString text;
        const int length = random.bounded(1, 120);
        const bool syntax = round % 4 != 0;
        for (int piece = 0; piece < length; ++piece) {
            if (syntax) {
                text += fragments.at(random.bounded(qsizetype(fragments.size())));
            } else {
                text += QChar(char16_t(random.bounded(0x10000)));
            }
        }
        PromptTemplate::Error error;
        const std::optional<PromptTemplate> parsed = PromptTemplate::parse(text, QStringLiteral("random.j2"), &error);
        if (!parsed) {
            verifyWellFormed(error, QStringLiteral("random.j2"));
            continue;
        }
        if (parsed->render(context(), &error).isNull()) {
            verifyWellFormed(error, QStringLiteral("random.j2"));
        }
    }
}

QTEST_GUILESS_MAIN(TestPromptTemplate)
#include "TestPromptTemplate.moc"
