#include "sandbox/sandboxserver.h"

#include "core/crypto/crypto.h"
#include "sandbox/controlapi.h"
#include "sandbox/dialect.h"
#include "sandbox/faultplan.h"
#include "sandbox/httpfrontend.h"
#include "sandbox/notifier.h"
#include "sandbox/sandboxlog.h"
#include "sandbox/signup/signupbook.h"
#include "sandbox/signup/signupdesk.h"
#include "sandbox/tradestore.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

namespace paydesk::sandbox {

namespace {
QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    default:
        return "OTHER";
    }
}
} // namespace

SandboxServer::SandboxServer(SandboxOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options))
{
    if (m_options.clock) {
        m_clock = m_options.clock;
    } else {
        m_ownClock = std::make_unique<SystemClock>();
        m_clock = m_ownClock.get();
    }
    m_store = std::make_unique<TradeStore>(m_options.seed, m_options.feeRateBasisPoints);
    m_faults = std::make_unique<FaultPlan>(m_options.seed);
}

SandboxServer::~SandboxServer()
{
    m_held.clear();
    m_http.reset();
}

QUrl SandboxServer::baseUrl() const
{
    return m_port ? QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)) : QUrl();
}

QByteArray SandboxServer::providerPublicKeyPem() const
{
    return m_publicKeyPem;
}

Status SandboxServer::setFaults(const QString &spec)
{
    return m_faults->setSpec(spec);
}

Result<quint16> SandboxServer::start()
{
    if (m_port)
        return m_port;
    if (const Status faults = m_faults->setSpec(m_options.faults); !faults.ok())
        return faults.error();
    if (const Status opened = m_store->open(m_options.stateDir); !opened.ok())
        return opened.error();

    crypto::RsaKey key;
    if (!m_store->sandboxKeyPem().isEmpty()) {
        auto loaded = crypto::RsaKey::fromPem(m_store->sandboxKeyPem());
        if (!loaded.ok())
            return loaded.error();
        key = loaded.value();
    } else {
        auto generated = crypto::RsaKey::generate(2048);
        if (!generated.ok())
            return generated.error();
        key = generated.value();
        m_store->setSandboxKeyPem(key.privateKeyPem());
        if (const Status saved = m_store->commit(); !saved.ok())
            return saved.error();
    }
    m_publicKeyPem = key.publicKeyPem();

    const auto base = [this] { return baseUrl(); };
    m_notifier = std::make_unique<Notifier>(*m_clock);
    m_dialects = builtinDialects({*m_store, *m_faults, *m_notifier, *m_clock, key, base});
    QList<Dialect *> dialects;
    QList<WalletCodes> wallets;
    for (const auto &d : m_dialects) {
        dialects << d.get();
        wallets << d->walletCodes();
    }
    m_control = std::make_unique<ControlApi>(*m_store, *m_faults, *m_clock, dialects, wallets,
                                             m_publicKeyPem);
    m_signupBook = std::make_unique<SignupBook>(*m_clock, m_options.seed, base);
    m_signupDesks = builtinSignupDesks({*m_store, *m_signupBook, *m_clock, key, base});
    m_store->setPaidListener([this](const Trade &trade) {
        for (const auto &d : m_dialects)
            if (d->provider() == trade.provider)
                d->notifyPaid(trade);
    });

    m_http = std::make_unique<HttpFrontend>();
    m_http->setHandler(
        [this](const QHttpServerRequest &request, QTcpSocket *socket) { route(request, socket); });
    auto *tcp = new QTcpServer(m_http.get());
    if (!tcp->listen(QHostAddress::LocalHost, m_options.port))
        return Result<quint16>::failure(QStringLiteral("sandbox.listen"),
                                        tr("The sandbox cannot listen on 127.0.0.1:%1: %2")
                                            .arg(m_options.port)
                                            .arg(tcp->errorString()));
    m_http->bind(tcp);
    m_port = tcp->serverPort();
    qCInfo(lcSandbox) << "sandbox listening on" << baseUrl().toString()
                      << "faults:" << m_faults->spec();
    return m_port;
}

void SandboxServer::route(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const QString path = request.url().path();
    const QByteArray method = methodName(request.method());
    if (!request.remoteAddress().isLoopback()) {
        answer(request, socket, HttpReply::text("loopback only", 403), 0);
        return;
    }
    if (!m_signupDesks.empty() && routeSignup(request, socket))
        return;
    for (const auto &d : m_dialects) {
        if (d->serves(path)) {
            gateway(*d, request, socket);
            return;
        }
    }
    if (path.startsWith(QLatin1String("/sandbox/"))) {
        answer(request, socket, m_control->handle(method, path, request.body()), 0);
        return;
    }
    if (path.startsWith(QLatin1String("/qr/"))) {
        answer(request, socket, m_control->handleQr(method, path, request.body()), 0);
        return;
    }
    if (method == "GET") {
        for (const auto &d : m_dialects) {
            if (auto reply = d->get(path, QUrlQuery(request.url()))) {
                answer(request, socket, *reply, 0);
                return;
            }
        }
    }
    answer(request, socket, HttpReply::text("not found", 404), 0);
}

bool SandboxServer::routeSignup(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const QString path = request.url().path();
    const QByteArray method = methodName(request.method());
    if (path.startsWith(QLatin1String("/sandbox/signup/"))) {
        QList<SignupDesk *> desks;
        for (const auto &d : m_signupDesks)
            desks << d.get();
        answer(request, socket, m_signupBook->handle(method, path.mid(16), request.body(), desks),
               0);
        return true;
    }
    SignupRequest in{method,
                     path,
                     request.url().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority),
                     request.url().query(QUrl::FullyEncoded).toUtf8(),
                     request.headers(),
                     request.body()};
    for (const auto &d : m_signupDesks) {
        if (auto reply = d->handle(in)) {
            answer(request, socket, *reply, 0);
            return true;
        }
    }
    return false;
}

void SandboxServer::gateway(Dialect &dialect, const QHttpServerRequest &request, QTcpSocket *socket)
{
    const int latency = m_faults->latencyMs();
    m_faults->countLatency();
    if (m_faults->decide(FaultPlan::Fault::Http5xx)) {
        const int status = m_next5xxIs502 ? 502 : 503;
        m_next5xxIs502 = !m_next5xxIs502;
        qCInfo(lcSandbox) << "http_5xx: answering" << status << "without processing";
        answer(request, socket,
               HttpReply::html(status == 502 ? "<html><body>502 Bad Gateway</body></html>"
                                             : "<html><body>503 Service Unavailable</body></html>",
                               status),
               latency);
        return;
    }
    if (m_faults->decide(FaultPlan::Fault::Timeout)) {
        // Not processed and never answered: the client has to give up on its own.
        qCInfo(lcSandbox) << "timeout: holding a gateway request unanswered";
        const quint64 id = hold(request, socket);
        QTimer::singleShot(timeoutHoldMs, this, [this, id] {
            const auto it = m_held.find(id);
            if (it == m_held.end())
                return;
            std::unique_ptr<QHttpServerResponder> responder = std::move(it->second);
            m_held.erase(it);
            if (QTcpSocket *s = responder->socket())
                s->abort();
        });
        return;
    }
    if (request.method() != QHttpServerRequest::Method::Post &&
        request.method() != QHttpServerRequest::Method::Get) {
        answer(request, socket, HttpReply::text("use POST", 405), latency);
        return;
    }
    GatewayRequest in;
    in.method = methodName(request.method());
    in.path = request.url().path();
    in.rawQuery = request.url().query(QUrl::FullyEncoded).toUtf8();
    in.target = request.url().path(QUrl::FullyEncoded).toUtf8();
    if (request.url().hasQuery())
        in.target += '?' + in.rawQuery;
    in.body = request.body();
    in.headers = request.headers();
    const HttpReply reply = dialect.gateway(in);
    if (m_faults->decide(FaultPlan::Fault::DropResponse)) {
        // Committed above; now lose the answer.
        qCInfo(lcSandbox) << "drop_response: closing the connection after committing";
        QPointer<QTcpSocket> guarded(socket);
        QTimer::singleShot(0, this, [guarded] {
            if (guarded)
                guarded->abort();
        });
        return;
    }
    answer(request, socket, reply, latency);
}

quint64 SandboxServer::hold(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const quint64 id = m_nextHoldId++;
    m_held.emplace(
        id, std::make_unique<QHttpServerResponder>(HttpFrontend::responderFor(request, socket)));
    // A client that gives up closes the socket: forget the request then.
    connect(socket, &QTcpSocket::disconnected, this, [this, id] { m_held.erase(id); });
    return id;
}

void SandboxServer::answer(const QHttpServerRequest &request, QTcpSocket *socket,
                           const HttpReply &reply, int delayMs)
{
    if (delayMs <= 0) {
        QHttpServerResponder responder = HttpFrontend::responderFor(request, socket);
        HttpFrontend::send(responder, reply);
        return;
    }
    const quint64 id = hold(request, socket);
    QTimer::singleShot(delayMs, this, [this, id, reply] {
        const auto it = m_held.find(id);
        if (it == m_held.end())
            return;
        std::unique_ptr<QHttpServerResponder> responder = std::move(it->second);
        m_held.erase(it);
        HttpFrontend::send(*responder, reply);
    });
}

} // namespace paydesk::sandbox
