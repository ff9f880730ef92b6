#pragma once

#include <optional>

#include <QString>

// How a run is made and where its records go.
struct RunOptions
{
    QString source; // the scenario file or folder, as the run store lists it
    bool useStore = true; // keep the run in the run store
    QString storePath; // the run store's SQLite file; empty: RunStore::defaultPath()
    // How often the run tells the store it is alive, whether or not calls end: well under the
    // staleness after which RunStore::open marks a running run interrupted (10 s by default).
    int heartbeatIntervalMs = 2000;
    QString resultsPath; // where results.json is written at the end; empty: nowhere
    int defaultTimeoutMs = 30000; // for calls whose scenario sets no timeout
    int loadThreads = 0; // worker threads for a load item's connections; 0: one a core
    std::optional<quint64> randomSeed; // set: the proxy's fault draws repeat from run to run
    bool insecure = false; // https: accept certificates that do not verify (self-signed ones)
};
