#pragma once

#include <array>

#include <QByteArray>

// Where a new message starts in a byte stream the proxy relays without parsing it (a CONNECT
// tunnel, a TCP mapping), so that a fault drawn once a message (a latency) hits each exchange
// once: a message starts when one side sends after the other has sent since its own last start,
// as a request follows a response. Inside TLS only application-data records count, and the
// client opens: the handshake's flights (TLS 1.3 encrypts most of them as application data), its
// session tickets and its alerts are not exchanges, so a 300 ms latency delays each https call by
// 300 ms, once, and each call of a kept-alive tunnel alike.
class StreamTurns
{
public:
    enum class Direction { FromClient, FromUpstream };

    // chunk: the next bytes from `from`. True when a message of that direction starts in it.
    bool startsMessage(Direction from, const QByteArray& chunk);

private:
    enum class Protocol { Unknown, Tls, Other };

    // Follows TLS record boundaries (a 5-byte header: type, version, length) across chunks.
    struct RecordScanner
    {
        // How many application-data records start in chunk; false in ok when the bytes are not
        // TLS records after all.
        int dataRecordsStarting(const QByteArray& chunk, bool& ok);

        std::array<unsigned char, 5> header{};
        int headerBytes = 0;
        qsizetype remainingInRecord = 0;
    };

    bool carriesData(Direction from, const QByteArray& chunk);

    Protocol m_protocol = Protocol::Unknown;
    std::array<RecordScanner, 2> m_scanners;
    // Per direction: the other one sent data since this one's last message started.
    std::array<bool, 2> m_answered{};
    bool m_opened = false; // some message has started
    // TLS 1.3: the server sent encrypted handshake records, so the client's first application-data
    // record is its Finished, not a request.
    bool m_encryptedHandshake = false;
    bool m_clientFinished = false;
};
