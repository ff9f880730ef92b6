#pragma once

#include <QString>

// A function, class or block of a source file, as the code index stores and returns it.
struct CodeChunk
{
    QString path; // relative to the indexed source folder, with `/` separators
    int firstLine = 0; // 1-based, inclusive
    int lastLine = 0;
    QString symbol; // `create_user`, `User.save`, `Server.Handle`; empty for code outside any function or class
    QString language; // `python`, `cpp`, …; `text` when the file's kind is not known
    QString text; // the lines, with anything that looks like a credential masked
};
