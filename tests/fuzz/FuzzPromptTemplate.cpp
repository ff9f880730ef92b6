// The prompt template engine on any text: parsed, then rendered with a context like the
// advisor's (texts, a flag, a list of chunks); errors located, never a crash, a hang or
// unbounded output.
#include "advisor/PromptTemplate.h"

#include <cstdint>

#include <QVariantList>

namespace
{
QVariantMap adviceContext()
{
    const QVariantMap chunk{{QStringLiteral("path"), QStringLiteral("app/db.py")},
                            {QStringLiteral("first_line"), 10},
                            {QStringLiteral("last_line"), 42},
                            {QStringLiteral("language"), QStringLiteral("python")},
                            {QStringLiteral("symbol"), QStringLiteral("get_session")},
                            {QStringLiteral("text"), QStringLiteral("def get_session():\n    return Session()\n")}};
    return {{QStringLiteral("role"), QStringLiteral("SRE")},
            {QStringLiteral("previous_advice"), QStringLiteral("## Advice\n{{ role }} {% if %}")},
            {QStringLiteral("has_failures"), true},
            {QStringLiteral("offline"), QString()},
            {QStringLiteral("count"), 3},
            {QStringLiteral("nothing"), QVariant()},
            {QStringLiteral("fault_catalogue"), QStringList{QStringLiteral("latency"), QStringLiteral("blackhole")}},
            {QStringLiteral("code"), QVariantList{chunk, chunk}}};
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const QVariantMap context = adviceContext();
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    PromptTemplate::Error error;
    const std::optional<PromptTemplate> parsed = PromptTemplate::parse(text, QStringLiteral("fuzz.md.j2"), &error);
    if (!parsed) {
        if (error.message.isEmpty() || error.line < 1) {
            qFatal("a template refused without a located message: %s", qPrintable(error.toString()));
        }
        return 0;
    }
    const QString rendered = parsed->render(context, &error);
    if (rendered.size() > PromptTemplate::MaximumOutputLength) {
        qFatal("%lld characters rendered", qint64(rendered.size()));
    }
    if (!error.message.isEmpty() && error.line < 1) {
        qFatal("a render failed without a location: %s", qPrintable(error.toString()));
    }
    return 0;
}
