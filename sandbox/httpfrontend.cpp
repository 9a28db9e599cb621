#include "sandbox/httpfrontend.h"

#include <QHttpServerRequest>
#include <QTcpSocket>

namespace paydesk::sandbox {

void HttpFrontend::send(QHttpServerResponder &responder, const HttpReply &reply)
{
    responder.write(reply.body, reply.contentType,
                    static_cast<QHttpServerResponder::StatusCode>(reply.status));
}

bool HttpFrontend::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (!m_handler)
        return false;
    m_handler(request, socket);
    return true;
}

void HttpFrontend::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.write(QHttpServerResponder::StatusCode::NotFound);
}

} // namespace paydesk::sandbox
