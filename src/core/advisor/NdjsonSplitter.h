#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// Splits newline-delimited JSON (Ollama's stream) into its lines, keeping a line's start until
// the rest arrives. Blank lines are skipped and a CR before the LF is dropped.
class NdjsonSplitter
{
public:
    // The lines the bytes complete, in order, without their line ends.
    QList<QByteArray> feed(QByteArrayView bytes);
    // The last line when the stream ended without its LF; empty when there is none.
    QByteArray takeRest();
    void reset();

private:
    QByteArray m_partial;
};
