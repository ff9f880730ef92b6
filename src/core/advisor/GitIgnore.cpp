#include "advisor/GitIgnore.h"

#include <QStringList>

namespace
{
// A `[…]` class at pattern[start]; the index after its `]`, or -1 when it is not closed (then
// the pattern matches nothing, as in git).
qsizetype matchClass(QStringView pattern, qsizetype start, QChar character, bool* matched)
{
    qsizetype index = start + 1;
    const bool negated = index < pattern.size() && (pattern.at(index) == u'!' || pattern.at(index) == u'^');
    if (negated) {
        ++index;
    }
    bool found = false;
    // A `]` right after the `[` (or `[!`) is a member, not the end.
    for (bool first = true; index < pattern.size() && (first || pattern.at(index) != u']'); first = false) {
        QChar low = pattern.at(index);
        if (low == u'\\' && index + 1 < pattern.size()) {
            low = pattern.at(++index);
        }
        if (index + 2 < pattern.size() && pattern.at(index + 1) == u'-' && pattern.at(index + 2) != u']') {
            index += 2;
            QChar high = pattern.at(index);
            if (high == u'\\' && index + 1 < pattern.size()) {
                high = pattern.at(++index);
            }
            found = found || (low <= character && character <= high);
        } else {
            found = found || character == low;
        }
        ++index;
    }
    if (index >= pattern.size()) {
        return -1;
    }
    *matched = character != u'/' && found != negated;
    return index + 1;
}

bool matchesFrom(QStringView pattern, qsizetype patternIndex, QStringView text, qsizetype textIndex)
{
    while (patternIndex < pattern.size()) {
        QChar expected = pattern.at(patternIndex);
        if (expected == u'*') {
            qsizetype afterStars = patternIndex;
            while (afterStars < pattern.size() && pattern.at(afterStars) == u'*') {
                ++afterStars;
            }
            const bool spansFolders = afterStars - patternIndex >= 2
                && (patternIndex == 0 || pattern.at(patternIndex - 1) == u'/')
                && (afterStars == pattern.size() || pattern.at(afterStars) == u'/');
            if (spansFolders) {
                // `/**` at the end: everything inside; `**/`: no folder or any number of them.
                if (afterStars == pattern.size()) {
                    return true;
                }
                for (qsizetype index = textIndex; index <= text.size(); ++index) {
                    if ((index == textIndex || text.at(index - 1) == u'/')
                        && matchesFrom(pattern, afterStars + 1, text, index)) {
                        return true;
                    }
                }
                return false;
            }
            for (qsizetype index = textIndex;; ++index) {
                if (matchesFrom(pattern, afterStars, text, index)) {
                    return true;
                }
                if (index == text.size() || text.at(index) == u'/') {
                    return false;
                }
            }
        }
        if (textIndex == text.size()) {
            return false;
        }
        const QChar actual = text.at(textIndex);
        if (expected == u'?') {
            if (actual == u'/') {
                return false;
            }
            ++patternIndex;
            ++textIndex;
            continue;
        }
        if (expected == u'[') {
            bool matched = false;
            const qsizetype afterClass = matchClass(pattern, patternIndex, actual, &matched);
            if (afterClass < 0 || !matched) {
                return false;
            }
            patternIndex = afterClass;
            ++textIndex;
            continue;
        }
        if (expected == u'\\' && patternIndex + 1 < pattern.size()) {
            expected = pattern.at(++patternIndex);
        }
        if (actual != expected) {
            return false;
        }
        ++patternIndex;
        ++textIndex;
    }
    return textIndex == text.size();
}

// Trailing spaces end a pattern unless the last of them is escaped.
QString withoutTrailingSpaces(QString line)
{
    qsizetype end = line.size();
    while (end > 0 && line.at(end - 1) == u' ') {
        if (end >= 2 && line.at(end - 2) == u'\\') {
            break;
        }
        --end;
    }
    line.truncate(end);
    return line;
}
} // namespace

GitIgnore::GitIgnore(QString base, const QString& contents)
    : m_base(std::move(base))
{
    for (QString line : contents.split(u'\n')) {
        if (line.endsWith(u'\r')) {
            line.chop(1);
        }
        line = withoutTrailingSpaces(line);
        if (line.isEmpty() || line.startsWith(u'#')) {
            continue;
        }
        Pattern pattern;
        if (line.startsWith(u'!')) {
            pattern.negated = true;
            line.remove(0, 1);
        }
        if (line.endsWith(u'/')) {
            pattern.directoryOnly = true;
            line.chop(1);
        }
        pattern.anchored = line.contains(u'/');
        if (line.startsWith(u'/')) {
            line.remove(0, 1);
        }
        if (line.isEmpty()) {
            continue;
        }
        pattern.glob = line;
        m_patterns.append(pattern);
    }
}

GitIgnore::Verdict GitIgnore::match(const QString& path, bool isDirectory) const
{
    const QStringView relative = m_base.isEmpty() ? QStringView(path) : QStringView(path).sliced(m_base.size() + 1);
    const QStringView name = relative.sliced(relative.lastIndexOf(u'/') + 1);
    for (auto pattern = m_patterns.crbegin(); pattern != m_patterns.crend(); ++pattern) {
        if (pattern->directoryOnly && !isDirectory) {
            continue;
        }
        if (matchesGlob(pattern->glob, pattern->anchored ? relative : name)) {
            return pattern->negated ? Verdict::Included : Verdict::Ignored;
        }
    }
    return Verdict::Unmatched;
}

bool GitIgnore::matchesGlob(QStringView pattern, QStringView text)
{
    return matchesFrom(pattern, 0, text, 0);
}
