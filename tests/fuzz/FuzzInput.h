#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include <QByteArrayView>

// An input whose first byte tells the target how to use the rest: its low two bits a mode (which
// direction, which provider), the other six the size of the pieces the bytes arrive in, as a
// network splits them (1 to 63 bytes, or 0 for all at once).
class FuzzInput
{
public:
    FuzzInput(const uint8_t* data, size_t size)
    {
        if (size > 0) {
            m_selector = data[0];
            m_bytes = QByteArrayView(reinterpret_cast<const char*>(data) + 1, static_cast<qsizetype>(size - 1));
        }
    }

    int mode() const
    {
        return m_selector & 3;
    }
    QByteArrayView bytes() const
    {
        return m_bytes;
    }
    // The piece starting at offset.
    QByteArrayView pieceAt(qsizetype offset) const
    {
        const qsizetype pieceSize = m_selector >> 2;
        const qsizetype rest = m_bytes.size() - offset;
        return m_bytes.sliced(offset, pieceSize == 0 ? rest : std::min(pieceSize, rest));
    }

private:
    uint8_t m_selector = 0;
    QByteArrayView m_bytes;
};
