#include "advisor/ServerSentEvents.h"

QList<ServerSentEvents::Event> ServerSentEvents::feed(QByteArrayView bytes)
{
    QList<Event> events;
    for (const char byte : bytes) {
        if (m_afterCarriageReturn && byte == '\n') {
            m_afterCarriageReturn = false;
            continue;
        }
        m_afterCarriageReturn = byte == '\r';
        if (byte == '\r' || byte == '\n') {
            processLine(&events);
            m_line.clear();
        } else {
            m_line.append(byte);
        }
    }
    return events;
}

void ServerSentEvents::reset()
{
    *this = ServerSentEvents();
}

void ServerSentEvents::processLine(QList<Event>* events)
{
    if (m_atStreamStart) {
        m_atStreamStart = false;
        if (m_line.startsWith("\xEF\xBB\xBF")) {
            m_line.remove(0, 3);
        }
    }
    if (m_line.isEmpty()) {
        if (m_hasData) {
            *events << m_event;
        }
        m_event = Event();
        m_hasData = false;
        return;
    }
    if (m_line.startsWith(':')) {
        return;
    }
    const qsizetype colon = m_line.indexOf(':');
    const QByteArrayView field = colon < 0 ? QByteArrayView(m_line) : QByteArrayView(m_line).first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : QByteArrayView(m_line).sliced(colon + 1);
    if (value.startsWith(' ')) {
        value = value.sliced(1);
    }
    if (field == "data") {
        if (m_hasData) {
            m_event.data.append('\n');
        }
        m_event.data.append(value);
        m_hasData = true;
    } else if (field == "event") {
        m_event.type = value.toByteArray();
    } else if (field == "id" && !value.contains('\0')) {
        m_event.id = value.toByteArray();
    }
    // retry and unknown fields are ignored: reconnecting is the client's own decision here.
}
