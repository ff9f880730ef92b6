#pragma once

#include "runner/ItemExecutor.h"
#include "runner/LoadGenerator.h"

#include <memory>

// Runs a load item (SPEC.md §1): the proxy gets the item's faults and a run window so that each
// fault acts only in its period, and a LoadGenerator keeps the fixed schedule.
class LoadExecutor : public ItemExecutor
{
    Q_OBJECT

public:
    LoadExecutor(ItemRunContext context, const LoadStrategy& strategy, int threads, QObject* parent = nullptr);

    void start() override;
    void cancel() override;

private:
    void onCalls(const CallRecords& calls);
    void onGeneratorFinished();

    ItemRunContext m_context;
    std::unique_ptr<LoadGenerator> m_generator;
};
