#pragma once

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHttpServerResponder>
#include <QList>
#include <QPair>

#include <functional>

class QHttpServerRequest;
class QTcpSocket;

namespace paydesk::sandbox {

/// One finished HTTP answer.
struct HttpReply
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    /// Extra response headers (a dialect's signature headers), sent as given.
    QList<QPair<QByteArray, QByteArray>> headers;

    static HttpReply json(const QByteArray &body, int status = 200)
    {
        return {status, "application/json;charset=utf-8", body, {}};
    }
    static HttpReply html(const QByteArray &body, int status = 200)
    {
        return {status, "text/html;charset=utf-8", body, {}};
    }
    static HttpReply text(const QByteArray &body, int status)
    {
        return {status, "text/plain;charset=utf-8", body, {}};
    }
};

/// The transport: a QAbstractHttpServer that hands every request, with its socket, to one
/// handler. Owning the socket is what lets the sandbox hold a request (timeout fault) or
/// close the connection after committing (drop_response fault).
class HttpFrontend : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<void(const QHttpServerRequest &, QTcpSocket *)>;

    explicit HttpFrontend(QObject *parent = nullptr) : QAbstractHttpServer(parent) {}
    void setHandler(Handler handler) { m_handler = std::move(handler); }

    /// A responder for answering \a request now or later.
    static QHttpServerResponder responderFor(const QHttpServerRequest &request, QTcpSocket *socket)
    {
        return makeResponder(request, socket);
    }
    static void send(QHttpServerResponder &responder, const HttpReply &reply);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Handler m_handler;
};

} // namespace paydesk::sandbox
