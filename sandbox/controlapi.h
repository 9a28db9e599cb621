#pragma once

#include "core/util/clock.h"
#include "sandbox/dialect.h"
#include "sandbox/httpfrontend.h"
#include "sandbox/tradestore.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QUrl>

#include <functional>

namespace paydesk::sandbox {

class FaultPlan;

/// The sandbox's own JSON control API under /sandbox/ (ARCHITECTURE §7a) and the QR pages under
/// /qr/. Provider-neutral: app registration answers come from the dialects, payment codes
/// from each wallet's WalletCodes. Never subject to faults.
class ControlApi
{
    Q_DECLARE_TR_FUNCTIONS(ControlApi)
public:
    /// \a dialects are not owned. \a wallets says which codes a buyer carries, in order; a
    /// wallet without a dialect has codes but cannot register apps yet (501).
    ControlApi(TradeStore &store, FaultPlan &faults, Clock &clock, QList<Dialect *> dialects,
               QList<WalletCodes> wallets, QByteArray sandboxPublicKeyPem);

    /// \a path starts with /sandbox/. \a method is "GET" or "POST".
    HttpReply handle(const QByteArray &method, const QString &path, const QByteArray &body);
    /// \a path starts with /qr/: GET shows the page (the buyer scanned), POST …/pay pays.
    HttpReply handleQr(const QByteArray &method, const QString &path, const QByteArray &body);

    /// Default balance of a buyer created without "balance_minor": 10,000.00 yuan.
    static constexpr qint64 defaultBalanceMinor = 1'000'000;

private:
    HttpReply apps(const QJsonObject &in);
    HttpReply buyers(const QJsonObject &in);
    HttpReply listBuyers();
    HttpReply codes(const QJsonObject &in);
    HttpReply pay(const QJsonObject &in);
    /// The buyer gives up typing the password of a waiting payment-code trade: it closes.
    HttpReply decline(Trade &trade);
    HttpReply scan(const QJsonObject &in);
    HttpReply faults(const QJsonObject &in);
    HttpReply inject(const QJsonObject &in);
    /// POST /sandbox/settlement: how a provider's business day is paid out (late, short) or
    /// that its fund bill is served damaged.
    HttpReply settlement(const QJsonObject &in);
    HttpReply trades();

    /// Pays \a trade by \a buyer (or the trade's own / the default buyer) and says how it went.
    HttpReply payTrade(Trade &trade, Buyer *buyer);
    Trade *tradeForQr(const QString &qr);
    HttpReply error(int status, const QString &code, const QString &message) const;
    HttpReply commitAndReply(const QJsonObject &out, int status = 200);
    /// A fresh code of every wallet for \a buyerId, under each wallet's field name.
    QJsonObject issueCodes(const QString &buyerId);
    Dialect *dialect(const QString &provider) const;

    TradeStore &m_store;
    FaultPlan &m_faults;
    Clock &m_clock;
    QList<Dialect *> m_dialects;
    QList<WalletCodes> m_wallets;
    QByteArray m_sandboxPublicKeyPem;
};

} // namespace paydesk::sandbox
