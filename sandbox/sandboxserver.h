#pragma once

#include "core/util/clock.h"
#include "core/util/result.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <map>
#include <memory>
#include <vector>

class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;

namespace paydesk::sandbox {

class ControlApi;
class Dialect;
class FaultPlan;
class HttpFrontend;
class Notifier;
class SignupBook;
class SignupDesk;
class TradeStore;
struct HttpReply;

struct SandboxOptions
{
    quint16 port = 0;            ///< 0 = ephemeral
    quint64 seed = 1;            ///< all randomness (faults, ids) comes from PRNGs seeded here
    QString faults;              ///< e.g. "timeout:0.1,drop_response:0.05,latency_ms:200"
    QString stateDir;            ///< empty = in memory; else state persists there
    int feeRateBasisPoints = 60; ///< 0.6 %
    Clock *clock = nullptr;      ///< not owned; null = the system clock (tests inject one)
};

/// The loopback payment provider (ARCHITECTURE §6): an HTTP server on 127.0.0.1 speaking each
/// provider's wire protocol at its dialect's gateway path (sandbox/<provider>/), with the
/// provider-neutral control API under /sandbox/ and QR pages under /qr/.
class SandboxServer : public QObject
{
    Q_OBJECT
public:
    explicit SandboxServer(SandboxOptions options, QObject *parent = nullptr);
    ~SandboxServer() override;

    /// Loads state, listens on 127.0.0.1 only and returns the port.
    Result<quint16> start();
    /// http://127.0.0.1:PORT (empty before start()).
    QUrl baseUrl() const;
    /// Same as POST /sandbox/faults.
    Status setFaults(const QString &spec);
    /// The key the sandbox signs with as the provider platform, SPKI PEM; empty before start().
    QByteArray providerPublicKeyPem() const;

    /// How long a request hit by the timeout fault is held before the connection is closed.
    static constexpr int timeoutHoldMs = 60 * 1000;

private:
    void route(const QHttpServerRequest &request, QTcpSocket *socket);
    /// Merchant sign-up calls and /sandbox/signup/: true when answered.
    bool routeSignup(const QHttpServerRequest &request, QTcpSocket *socket);
    void gateway(Dialect &dialect, const QHttpServerRequest &request, QTcpSocket *socket);
    void answer(const QHttpServerRequest &request, QTcpSocket *socket, const HttpReply &reply,
                int delayMs);
    quint64 hold(const QHttpServerRequest &request, QTcpSocket *socket);

    SandboxOptions m_options;
    std::unique_ptr<Clock> m_ownClock;
    Clock *m_clock;
    quint16 m_port = 0;
    QByteArray m_publicKeyPem;
    std::unique_ptr<TradeStore> m_store;
    std::unique_ptr<FaultPlan> m_faults;
    std::unique_ptr<Notifier> m_notifier;
    std::vector<std::unique_ptr<Dialect>> m_dialects;
    std::unique_ptr<ControlApi> m_control;
    std::unique_ptr<SignupBook> m_signupBook;               ///< merchant sign-ups (signup/)
    std::vector<std::unique_ptr<SignupDesk>> m_signupDesks; ///< one per provider
    std::unique_ptr<HttpFrontend> m_http;
    // Declared last so that held requests go before the sockets they point into.
    std::map<quint64, std::unique_ptr<QHttpServerResponder>> m_held;
    quint64 m_nextHoldId = 1;
    bool m_next5xxIs502 = true;
};

} // namespace paydesk::sandbox
