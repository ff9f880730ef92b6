#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// A text/event-stream parser after the WHATWG rules: lines end with LF, CRLF or CR (Gemini
// frames with CRLF), a blank line ends an event, several data lines join with LF, lines that
// start with a colon are comments (OpenRouter's keep-alives). Bytes come in as the network
// splits them, anywhere, even inside a line end; feed() keeps what is incomplete for the next.
class ServerSentEvents
{
public:
    struct Event
    {
        QByteArray type; // the event field; empty means "message"
        QByteArray data;
        QByteArray id;
    };

    // The events the bytes complete, in order.
    QList<Event> feed(QByteArrayView bytes);
    // Forgets everything fed, for a new stream. An event without its blank line is dropped,
    // as the standard has it for a stream that ends there.
    void reset();

private:
    void processLine(QList<Event>* events);

    QByteArray m_line;
    bool m_afterCarriageReturn = false; // a LF that comes next ends no line
    bool m_atStreamStart = true; // a byte order mark there is skipped
    Event m_event;
    bool m_hasData = false;
};
