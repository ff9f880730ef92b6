#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

// Identifiers into the words a person would search for: `create_user`, `createUser` and
// `CreateUserHandler` all hold `create` and `user`; `HTTPClientTimeout` is `http client timeout`.
// FTS5's tokenizer splits at `_` but not at a change of case, so the index keeps these words in a
// column of their own.
class IdentifierSplitter
{
public:
    // The lowercased words of one identifier, split at `_`, `-`, `$` and changes of case (an
    // acronym ends before the capital that starts the next word). Digits stay with the word they
    // follow (`sha1`, `http2`). Empty when it has no letter or digit.
    static QStringList words(QStringView identifier);

    // The words of every identifier in text that has more than one, space-separated, in order of
    // appearance (repeats kept, since how often a word occurs counts in ranking).
    static QString compoundWords(QStringView text);

    // Letters, digits, `_` and `$`: what identifiers are made of in the languages the outliners read.
    static bool isIdentifierCharacter(QChar character);
};
