#pragma once

#include <functional>

#include <QByteArray>
#include <QIODevice>
#include <QString>

// Every file Aftershock writes for the user goes through here: it is replaced whole or left as
// it was (QSaveFile), so a crash or a full disk never leaves half a file behind.
bool writeFileAtomically(const QString& path, const QByteArray& contents, QString* error = nullptr);
// For contents too large to hold at once: write streams them into the device, returning false
// (the file is then left as it was) when it could not.
bool writeFileAtomically(const QString& path, const std::function<bool(QIODevice& device)>& write,
                         QString* error = nullptr);
