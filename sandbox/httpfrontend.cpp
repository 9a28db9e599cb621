#include "sandbox/httpfrontend.h"

#include <QHttpServerRequest>
#include <QTcpSocket>

namespace paydesk::sandbox {

void HttpFrontend::send(QHttpServerResponder &responder, const HttpReply &reply)
{
    const auto status = static_cast<QHttpServerResponder::StatusCode>(reply.status);
    constexpr int noContent = 204;
    if (reply.headers.isEmpty() && reply.status != noContent) {
        responder.write(reply.body, reply.contentType, status);
        return;
    }
    // A 204 carries neither a body nor Content-Length (RFC 9110 §8.6).
    responder.writeStatusLine(status);
    if (reply.status != noContent && !reply.contentType.isEmpty())
        responder.writeHeader("Content-Type", reply.contentType);
    for (const auto &header : reply.headers)
        responder.writeHeader(header.first, header.second);
    if (reply.status != noContent)
        responder.writeHeader("Content-Length", QByteArray::number(reply.body.size()));
    responder.writeBody(reply.status == noContent ? QByteArray() : reply.body);
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
