#include "runner/JsonLocator.h"

#include <QList>

namespace
{
struct Level
{
    bool array = false;
    int index = 0; // arrays: the element under way
    QString key; // objects: the member under way
    bool expectsKey = true; // objects: a string here is a key
};

QString pathOf(const QList<Level>& levels)
{
    QString path;
    for (const Level& level : levels) {
        if (level.array) {
            path += QStringLiteral("[%1]").arg(level.index);
        } else {
            path += (path.isEmpty() ? QString() : QStringLiteral(".")) + level.key;
        }
    }
    return path;
}

// The end of the string that starts at json[start] (a quote), past its closing quote.
qsizetype endOfString(const QByteArray& json, qsizetype start)
{
    for (qsizetype i = start + 1; i < json.size(); ++i) {
        if (json.at(i) == '\\') {
            ++i;
        } else if (json.at(i) == '"') {
            return i + 1;
        }
    }
    return json.size();
}
} // namespace

std::optional<qsizetype> JsonLocator::offsetOf(const QByteArray& json, const QString& path)
{
    if (path.isEmpty()) {
        return 0;
    }
    QList<Level> levels;
    for (qsizetype i = 0; i < json.size();) { // each pass moves i forward
        const char character = json.at(i);
        const bool inObject = !levels.isEmpty() && !levels.last().array;
        if (character == '"' && inObject && levels.last().expectsKey) {
            const qsizetype end = endOfString(json, i);
            levels.last().key = QString::fromUtf8(json.mid(i + 1, end - i - 2));
            levels.last().expectsKey = false;
            i = end;
            continue;
        }
        if (character == ',' && !levels.isEmpty()) {
            if (levels.last().array) {
                ++levels.last().index;
            } else {
                levels.last().expectsKey = true;
            }
            ++i;
            continue;
        }
        if (character == ']' || character == '}') {
            if (!levels.isEmpty()) {
                levels.removeLast();
            }
            ++i;
            continue;
        }
        if (QByteArrayView(" \t\r\n:").contains(character)) {
            ++i;
            continue;
        }
        // A value starts here.
        if (pathOf(levels) == path) {
            return i;
        }
        if (character == '{' || character == '[') {
            levels.append(Level{.array = character == '['});
            ++i;
        } else if (character == '"') {
            i = endOfString(json, i);
        } else {
            while (i < json.size() && !QByteArrayView(",]} \t\r\n").contains(json.at(i))) {
                ++i;
            }
        }
    }
    return std::nullopt;
}
