#pragma once

#include <vector>

#include <QString>

// A function, class or other top-level block of a source file, as an outliner finds it.
struct OutlineEntry
{
    // Containers in containers beyond this depth have no members: their code stays in their chunk.
    // It bounds the outliners' recursion on hostile input (a file of 80,000 nested namespaces).
    static constexpr int MaxDepth = 32;

    int firstLine = 0; // 1-based, inclusive; with the comments, decorators and annotations just above it
    int lastLine = 0;
    QString symbol; // its own name (`save`, not `User.save`); empty when it has none
    bool isContainer = false; // a class, namespace, impl…: its members are chunked one by one
    std::vector<OutlineEntry> members;
};
