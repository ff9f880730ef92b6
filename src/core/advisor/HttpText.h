#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

// What the advisor's HTTP clients (the providers' StreamingLlmClient, QdrantCodeIndex) share about
// where a request goes and what a reply says, so that every message is made the same way.
namespace HttpText
{
// The body's start on one line, quoted, for a body that is not the server's error format.
QString snippet(const QByteArray& body);
// Appends path to the base URL's path (which may end with a slash or not).
QUrl withPath(const QUrl& base, const QString& path);
// text without apiKey, whole or percent-encoded, and without a key a server quoted back ("Incorrect
// API key provided: sk-…"), whole or masked.
QString redacted(QString text, const QString& apiKey);
} // namespace HttpText
