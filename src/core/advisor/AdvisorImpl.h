#pragma once

#include "advisor/Advisor.h"

#include <QPointer>
#include <QThread>

class AdvisorWorker;

// The advisor on its own QThread: the worker there owns the code index, the LLM client and the
// chain, which are made and used on that thread only. One request at a time: a start() while one
// is under way gets finished() with an error, queued.
class AdvisorImpl final : public Advisor
{
    Q_OBJECT

public:
    explicit AdvisorImpl(QObject* parent = nullptr);
    ~AdvisorImpl() override;

    void start(const AdvisorRequest& request) override;
    void cancel() override;

private:
    QThread m_thread;
    QPointer<AdvisorWorker> m_worker;
    bool m_busy = false; // a request has started and not finished: no other starts
};
