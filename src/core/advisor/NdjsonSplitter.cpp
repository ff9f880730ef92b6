#include "advisor/NdjsonSplitter.h"

namespace
{
QByteArray withoutLineEnd(QByteArray line)
{
    if (line.endsWith('\r')) {
        line.chop(1);
    }
    return line;
}
} // namespace

QList<QByteArray> NdjsonSplitter::feed(QByteArrayView bytes)
{
    QList<QByteArray> lines;
    m_partial.append(bytes);
    qsizetype start = 0;
    for (qsizetype end = m_partial.indexOf('\n'); end >= 0; end = m_partial.indexOf('\n', start)) {
        QByteArray line = withoutLineEnd(m_partial.sliced(start, end - start));
        if (!line.trimmed().isEmpty()) {
            lines << std::move(line);
        }
        start = end + 1;
    }
    m_partial.remove(0, start);
    return lines;
}

QByteArray NdjsonSplitter::takeRest()
{
    QByteArray rest = withoutLineEnd(std::exchange(m_partial, {}));
    return rest.trimmed().isEmpty() ? QByteArray() : rest;
}

void NdjsonSplitter::reset()
{
    m_partial.clear();
}
