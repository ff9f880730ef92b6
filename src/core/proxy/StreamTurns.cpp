#include "proxy/StreamTurns.h"

#include <algorithm>

namespace
{
constexpr unsigned char ApplicationData = 23;
// TLS 1.3 sends alerts (close_notify: 19 bytes) and key updates (22) as application data too; the
// smallest HTTP message with its 17 bytes of record overhead is longer.
constexpr qsizetype LongestControlRecord = 24;

std::size_t indexOf(StreamTurns::Direction direction)
{
    return direction == StreamTurns::Direction::FromClient ? 0 : 1;
}

// A TLS record starts with its content type (20 to 24) and a 3.x version.
bool looksLikeTls(const QByteArray& chunk)
{
    return chunk.size() >= 2 && chunk.at(0) == 0x16 && chunk.at(1) == 0x03;
}
} // namespace

int StreamTurns::RecordScanner::dataRecordsStarting(const QByteArray& chunk, bool& ok)
{
    int records = 0;
    qsizetype position = 0;
    while (position < chunk.size()) { // each pass takes at least one byte
        if (remainingInRecord > 0) {
            const qsizetype taken = std::min(remainingInRecord, chunk.size() - position);
            position += taken;
            remainingInRecord -= taken;
            continue;
        }
        header.at(headerBytes++) = static_cast<unsigned char>(chunk.at(position++));
        if (headerBytes < static_cast<int>(header.size())) {
            continue;
        }
        headerBytes = 0;
        if (header[0] < 20 || header[0] > 24 || header[1] != 3) {
            ok = false;
            return records;
        }
        remainingInRecord = (qsizetype(header[3]) << 8) | header[4];
        records += header[0] == ApplicationData && remainingInRecord > LongestControlRecord ? 1 : 0;
    }
    return records;
}

bool StreamTurns::carriesData(Direction from, const QByteArray& chunk)
{
    if (chunk.isEmpty()) {
        return false;
    }
    if (m_protocol == Protocol::Unknown) {
        m_protocol = from == Direction::FromClient && looksLikeTls(chunk) ? Protocol::Tls : Protocol::Other;
    }
    if (m_protocol == Protocol::Other) {
        return true;
    }
    bool ok = true;
    int records = m_scanners.at(indexOf(from)).dataRecordsStarting(chunk, ok);
    if (!ok) {
        m_protocol = Protocol::Other; // not TLS after all: every byte is the protocol's own
        return true;
    }
    if (from == Direction::FromUpstream && !m_opened) {
        // Before the client's first request: TLS 1.3's encrypted handshake, or session tickets.
        m_encryptedHandshake = m_encryptedHandshake || records > 0;
        return false;
    }
    if (from == Direction::FromClient && m_encryptedHandshake && !m_clientFinished && records > 0) {
        m_clientFinished = true;
        --records;
    }
    return records > 0;
}

bool StreamTurns::startsMessage(Direction from, const QByteArray& chunk)
{
    if (!carriesData(from, chunk)) {
        return false;
    }
    const std::size_t self = indexOf(from);
    const std::size_t other = 1 - self;
    const bool starts = !m_opened || m_answered.at(self);
    m_opened = true;
    m_answered.at(self) = false;
    m_answered.at(other) = true;
    return starts;
}
