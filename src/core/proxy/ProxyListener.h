#pragma once

#include <functional>

#include <QTcpServer>

// A listening socket that hands each accepted connection's descriptor to a dispatcher, which
// spreads them over the worker threads.
class ProxyListener : public QTcpServer
{
    Q_OBJECT

public:
    explicit ProxyListener(std::function<void(qintptr descriptor)> dispatch, QObject* parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    std::function<void(qintptr)> m_dispatch;
};
