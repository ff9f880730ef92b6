#pragma once

#include <QByteArray>
#include <QString>

// Every file Aftershock writes for the user goes through here: it is replaced whole or left as
// it was (QSaveFile), so a crash or a full disk never leaves half a file behind.
bool writeFileAtomically(const QString& path, const QByteArray& contents, QString* error = nullptr);
