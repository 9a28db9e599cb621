#include "sandbox/controlapi.h"

#include "core/crypto/crypto.h"
#include "sandbox/faultplan.h"
#include "sandbox/qrpage.h"
#include "sandbox/sandboxlog.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace paydesk::sandbox {

namespace {

QByteArray toJson(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// Integer minor units from a JSON number or a decimal-digit string; nullopt when absent/bad.
std::optional<qint64> minorFrom(const QJsonValue &v)
{
    if (v.isDouble()) {
        const qint64 n = v.toInteger(-1);
        return (n >= 0 && double(n) == v.toDouble()) ? std::optional<qint64>(n) : std::nullopt;
    }
    if (v.isString()) {
        bool ok = false;
        const qint64 n = v.toString().toLongLong(&ok);
        return ok && n >= 0 ? std::optional<qint64>(n) : std::nullopt;
    }
    return std::nullopt;
}

QJsonObject tradeJson(const Trade &t)
{
    return {{QStringLiteral("provider"), t.provider},
            {QStringLiteral("out_trade_no"), t.outTradeNo},
            {QStringLiteral("transaction_id"), t.transactionId},
            {QStringLiteral("status"), tradeStatusName(t.status)},
            {QStringLiteral("amount_minor"), t.amountMinor},
            {QStringLiteral("refunded_minor"), t.refundedMinor},
            {QStringLiteral("fee_minor"), t.feeMinor},
            {QStringLiteral("buyer_id"), t.buyerId},
            {QStringLiteral("app_id"), t.appId},
            {QStringLiteral("exists_at_provider"), t.existsAtProvider},
            {QStringLiteral("late_success"), t.lateSuccess}};
}

} // namespace

ControlApi::ControlApi(TradeStore &store, FaultPlan &faults, Clock &clock,
                       QList<Dialect *> dialects, QList<WalletCodes> wallets,
                       QByteArray sandboxPublicKeyPem)
    : m_store(store), m_faults(faults), m_clock(clock), m_dialects(std::move(dialects)),
      m_wallets(std::move(wallets)), m_sandboxPublicKeyPem(std::move(sandboxPublicKeyPem))
{
}

Dialect *ControlApi::dialect(const QString &provider) const
{
    for (Dialect *d : m_dialects)
        if (d->provider() == provider)
            return d;
    return nullptr;
}

QJsonObject ControlApi::issueCodes(const QString &buyerId)
{
    const QDateTime now = m_clock.nowUtc();
    QJsonObject codes;
    for (const WalletCodes &w : m_wallets)
        codes.insert(w.field, m_store.issueCode(buyerId, w.provider, w.prefix, now).code);
    return codes;
}

HttpReply ControlApi::error(int status, const QString &code, const QString &message) const
{
    return HttpReply::json(
        toJson({{QStringLiteral("error"), message}, {QStringLiteral("code"), code}}), status);
}

HttpReply ControlApi::commitAndReply(const QJsonObject &out, int status)
{
    if (const Status saved = m_store.commit(); !saved.ok())
        return error(500, saved.error().code, saved.error().message);
    return HttpReply::json(toJson(out), status);
}

HttpReply ControlApi::handle(const QByteArray &method, const QString &path, const QByteArray &body)
{
    m_store.expireDue(m_clock.nowUtc());
    const QString route = path.mid(int(qstrlen("/sandbox/")));
    if (method == "GET") {
        if (route == QLatin1String("health"))
            return HttpReply::json(R"({"ok":true})");
        if (route == QLatin1String("trades"))
            return trades();
        if (route == QLatin1String("buyers"))
            return listBuyers();
        if (route == QLatin1String("faults")) {
            QJsonObject injected;
            const QMap<QString, qint64> counts = m_faults.injected();
            for (auto it = counts.cbegin(); it != counts.cend(); ++it)
                injected.insert(it.key(), it.value());
            return HttpReply::json(toJson({{QStringLiteral("spec"), m_faults.spec()},
                                           {QStringLiteral("injected"), injected}}));
        }
        return error(404, QStringLiteral("not_found"), tr("No such control call."));
    }
    if (method != "POST")
        return error(405, QStringLiteral("method"), tr("Use GET or POST."));
    QJsonParseError parseError;
    const QJsonDocument doc = body.trimmed().isEmpty() ? QJsonDocument(QJsonObject())
                                                       : QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return error(400, QStringLiteral("bad_json"), tr("The body must be a JSON object."));
    const QJsonObject in = doc.object();
    if (route == QLatin1String("apps"))
        return apps(in);
    if (route == QLatin1String("buyers"))
        return buyers(in);
    if (route == QLatin1String("codes"))
        return codes(in);
    if (route == QLatin1String("pay"))
        return pay(in);
    if (route == QLatin1String("scan"))
        return scan(in);
    if (route == QLatin1String("faults"))
        return faults(in);
    if (route == QLatin1String("inject"))
        return inject(in);
    if (route == QLatin1String("settlement"))
        return settlement(in);
    return error(404, QStringLiteral("not_found"), tr("No such control call."));
}

HttpReply ControlApi::apps(const QJsonObject &in)
{
    const QString provider = in.value(u"provider").toString();
    Dialect *speaker = dialect(provider);
    if (!speaker) {
        QStringList known;
        for (const WalletCodes &w : m_wallets)
            known << u'"' + w.provider + u'"';
        if (std::any_of(m_wallets.begin(), m_wallets.end(),
                        [&](const WalletCodes &w) { return w.provider == provider; }))
            return error(501, QStringLiteral("unsupported_provider"),
                         tr("The sandbox does not speak %1 yet.").arg(provider));
        return error(400, QStringLiteral("bad_provider"),
                     tr("provider must be one of %1.").arg(known.join(QStringLiteral(", "))));
    }
    const auto key = crypto::RsaKey::fromPem(in.value(u"public_key").toString().toUtf8());
    if (!key.ok())
        return error(
            400, QStringLiteral("bad_public_key"),
            tr("public_key must be an RSA public key in PEM: %1").arg(key.error().message));
    App &app = m_store.addApp(provider, key.value().publicKeyPem());
    speaker->prepareApp(app);
    return commitAndReply(speaker->appRegistered(app, m_sandboxPublicKeyPem));
}

HttpReply ControlApi::buyers(const QJsonObject &in)
{
    qint64 balance = defaultBalanceMinor;
    if (in.contains(u"balance_minor")) {
        const auto given = minorFrom(in.value(u"balance_minor"));
        if (!given)
            return error(400, QStringLiteral("bad_balance"),
                         tr("balance_minor must be a non-negative whole number of fen."));
        balance = *given;
    }
    const Buyer &buyer = m_store.addBuyer(balance);
    QJsonObject out = issueCodes(buyer.buyerId);
    out.insert(QStringLiteral("buyer_id"), buyer.buyerId);
    out.insert(QStringLiteral("balance_minor"), buyer.balanceMinor);
    return commitAndReply(out);
}

HttpReply ControlApi::listBuyers()
{
    QJsonArray list;
    for (const Buyer *b : m_store.buyers())
        list.append(QJsonObject{{QStringLiteral("buyer_id"), b->buyerId},
                                {QStringLiteral("logon_id"), b->logonId},
                                {QStringLiteral("balance_minor"), b->balanceMinor}});
    return HttpReply::json(toJson({{QStringLiteral("buyers"), list}}));
}

HttpReply ControlApi::codes(const QJsonObject &in)
{
    const QString buyerId = in.value(u"buyer_id").toString();
    if (!m_store.buyer(buyerId))
        return error(404, QStringLiteral("unknown_buyer"), tr("No buyer %1.").arg(buyerId));
    QJsonObject out = issueCodes(buyerId);
    out.insert(QStringLiteral("buyer_id"), buyerId);
    return commitAndReply(out);
}

Trade *ControlApi::tradeForQr(const QString &qr)
{
    for (const Dialect *d : m_dialects)
        if (const auto token = d->qrToken(qr))
            return m_store.tradeByQrToken(*token);
    // The QR content is the page URL; a bare token is accepted too.
    const QString token = qr.section(QLatin1Char('/'), -1).section(QLatin1Char('?'), 0, 0);
    return m_store.tradeByQrToken(token);
}

HttpReply ControlApi::payTrade(Trade &trade, Buyer *buyer)
{
    if (trade.wasPaid())
        return error(409, QStringLiteral("already_paid"), tr("The trade is already paid."));
    if (trade.status == TradeStatus::Closed)
        return error(409, QStringLiteral("closed"), tr("The trade is closed."));
    if (!buyer)
        buyer = m_store.buyer(trade.buyerId);
    if (!buyer)
        buyer = &m_store.defaultBuyer();
    trade.existsAtProvider = true; // the buyer has scanned it
    const Status paid = m_store.pay(trade, *buyer, m_clock.nowUtc());
    if (!paid.ok()) {
        (void)m_store.commit();
        return HttpReply::json(toJson({{QStringLiteral("status"), QStringLiteral("FAILED")},
                                       {QStringLiteral("code"), paid.error().code},
                                       {QStringLiteral("error"), paid.error().message},
                                       {QStringLiteral("out_trade_no"), trade.outTradeNo}}),
                               402);
    }
    return commitAndReply({{QStringLiteral("status"), QStringLiteral("SUCCESS")},
                           {QStringLiteral("out_trade_no"), trade.outTradeNo},
                           {QStringLiteral("transaction_id"), trade.transactionId},
                           {QStringLiteral("amount_minor"), trade.amountMinor},
                           {QStringLiteral("buyer_id"), trade.buyerId}});
}

HttpReply ControlApi::pay(const QJsonObject &in)
{
    Trade *trade = nullptr;
    if (in.contains(u"qr"))
        trade = tradeForQr(in.value(u"qr").toString());
    else if (in.contains(u"out_trade_no"))
        trade = m_store.anyTrade(in.value(u"out_trade_no").toString());
    else
        return error(400, QStringLiteral("bad_request"), tr("Give \"qr\" or \"out_trade_no\"."));
    if (!trade)
        return error(404, QStringLiteral("unknown_trade"), tr("No such trade."));
    if (in.value(u"decline").toBool())
        return decline(*trade);
    Buyer *buyer = nullptr;
    if (in.contains(u"buyer_id")) {
        buyer = m_store.buyer(in.value(u"buyer_id").toString());
        if (!buyer)
            return error(404, QStringLiteral("unknown_buyer"), tr("No such buyer."));
    }
    return payTrade(*trade, buyer);
}

HttpReply ControlApi::decline(Trade &trade)
{
    // Only a payment-code trade waiting for the buyer's password can be declined by the buyer.
    if (trade.status != TradeStatus::WaitBuyerPay || trade.buyerId.isEmpty())
        return error(409, QStringLiteral("not_waiting"),
                     tr("The trade is not waiting for the buyer's password."));
    m_store.close(trade, m_clock.nowUtc());
    if (Dialect *d = dialect(trade.provider))
        d->paymentDeclined(trade);
    return commitAndReply({{QStringLiteral("status"), QStringLiteral("DECLINED")},
                           {QStringLiteral("out_trade_no"), trade.outTradeNo},
                           {QStringLiteral("buyer_id"), trade.buyerId}});
}

HttpReply ControlApi::scan(const QJsonObject &in)
{
    Trade *trade = tradeForQr(in.value(u"qr").toString());
    if (!trade)
        return error(404, QStringLiteral("unknown_trade"), tr("No such trade."));
    trade->existsAtProvider = true;
    return commitAndReply(tradeJson(*trade));
}

HttpReply ControlApi::faults(const QJsonObject &in)
{
    const Status set = m_faults.setSpec(in.value(u"spec").toString());
    if (!set.ok())
        return error(400, set.error().code, set.error().message);
    qCInfo(lcSandbox) << "faults now:" << m_faults.spec();
    return HttpReply::json(toJson({{QStringLiteral("spec"), m_faults.spec()}}));
}

HttpReply ControlApi::settlement(const QJsonObject &in)
{
    const QString provider = in.value(u"provider").toString();
    if (!dialect(provider))
        return error(400, QStringLiteral("unknown_provider"),
                     tr("The sandbox does not speak \"%1\".").arg(provider));
    const QDate day = QDate::fromString(in.value(u"day").toString(), Qt::ISODate);
    if (!day.isValid())
        return error(400, QStringLiteral("bad_day"), tr("\"day\" must be yyyy-MM-dd."));
    const int late = in.value(u"late_days").toInt(0);
    const qint64 shortMinor = in.value(u"short_minor").toInteger(0);
    if (late < 0 || late > 60 || shortMinor < 0)
        return error(400, QStringLiteral("bad_settlement"),
                     tr("\"late_days\" must be 0 to 60 and \"short_minor\" not negative."));
    SettlementInstruction how{provider, day, late, shortMinor,
                              in.value(u"broken_bill").toBool(false)};
    m_store.setSettlement(how);
    qCInfo(lcSandbox) << "settlement of" << provider << day << ": late" << late << "short"
                      << shortMinor << "broken bill" << how.brokenBill;
    return commitAndReply(
        {{QStringLiteral("provider"), provider},
         {QStringLiteral("day"), day.toString(Qt::ISODate)},
         {QStringLiteral("late_days"), late},
         {QStringLiteral("short_minor"), shortMinor},
         {QStringLiteral("broken_bill"), how.brokenBill},
         {QStringLiteral("payout_day"), day.addDays(1 + late).toString(Qt::ISODate)}});
}

HttpReply ControlApi::inject(const QJsonObject &in)
{
    const QString kind = in.value(u"kind").toString();
    const QDateTime now = m_clock.nowUtc();
    const QString outTradeNo = in.value(u"out_trade_no").toString();
    if (kind == QLatin1String("orphan_payment")) {
        // A payment the merchant never sent: the buyer paid some stale QR of this store.
        const App *app = nullptr;
        if (in.contains(u"app_id")) {
            app = m_store.app(in.value(u"app_id").toString());
        } else {
            for (const Dialect *d : m_dialects)
                if (!app)
                    app = m_store.firstApp(d->provider());
        }
        if (!app)
            return error(404, QStringLiteral("unknown_app"), tr("Register an app first."));
        const QString no =
            outTradeNo.isEmpty() ? QStringLiteral("ORPHAN") + m_store.ids().digits(12) : outTradeNo;
        if (m_store.trade(app->appId, no))
            return error(409, QStringLiteral("exists"), tr("That trade already exists."));
        const qint64 amount = minorFrom(in.value(u"amount_minor")).value_or(100);
        Trade &t =
            m_store.addTrade(app->provider, app->appId, no, QStringLiteral("qr"), amount, now);
        t.subject = QStringLiteral("Orphan payment");
        t.existsAtProvider = true;
        if (const Status paid = m_store.pay(t, m_store.defaultBuyer(), now); !paid.ok())
            return error(500, paid.error().code, paid.error().message);
        return commitAndReply({{QStringLiteral("kind"), kind},
                               {QStringLiteral("out_trade_no"), t.outTradeNo},
                               {QStringLiteral("transaction_id"), t.transactionId},
                               {QStringLiteral("amount_minor"), t.amountMinor},
                               {QStringLiteral("status"), tradeStatusName(t.status)}});
    }
    Trade *trade = m_store.anyTrade(outTradeNo);
    if (kind != QLatin1String("amount_mismatch") && kind != QLatin1String("late_success") &&
        kind != QLatin1String("fee_mismatch") && kind != QLatin1String("duplicate_line"))
        return error(400, QStringLiteral("bad_kind"),
                     tr("kind must be orphan_payment, amount_mismatch, late_success, "
                        "fee_mismatch or duplicate_line."));
    if (!trade)
        return error(404, QStringLiteral("unknown_trade"), tr("No such trade."));
    if (kind == QLatin1String("fee_mismatch")) {
        // The provider charges another fee than the account's rate gives (on the bill).
        if (!trade->wasPaid())
            return error(409, QStringLiteral("not_paid"), tr("The trade is not paid."));
        const qint64 old = trade->feeMinor;
        trade->feeMinor = minorFrom(in.value(u"fee_minor")).value_or(old + 1);
        return commitAndReply({{QStringLiteral("kind"), kind},
                               {QStringLiteral("out_trade_no"), trade->outTradeNo},
                               {QStringLiteral("old_fee_minor"), old},
                               {QStringLiteral("fee_minor"), trade->feeMinor}});
    }
    if (kind == QLatin1String("duplicate_line")) {
        // The bill lists the payment once more (a provider's statement error).
        if (!trade->wasPaid())
            return error(409, QStringLiteral("not_paid"), tr("The trade is not paid."));
        ++trade->billCopies;
        return commitAndReply({{QStringLiteral("kind"), kind},
                               {QStringLiteral("out_trade_no"), trade->outTradeNo},
                               {QStringLiteral("bill_copies"), trade->billCopies}});
    }
    if (kind == QLatin1String("amount_mismatch")) {
        // The provider's record of the amount differs from the merchant's.
        const qint64 old = trade->amountMinor;
        trade->amountMinor = minorFrom(in.value(u"amount_minor")).value_or(old + 100);
        if (trade->wasPaid())
            trade->feeMinor = m_store.feeFor(trade->amountMinor);
        return commitAndReply({{QStringLiteral("kind"), kind},
                               {QStringLiteral("out_trade_no"), trade->outTradeNo},
                               {QStringLiteral("old_amount_minor"), old},
                               {QStringLiteral("amount_minor"), trade->amountMinor}});
    }
    // late_success: the buyer's payment goes through after all.
    if (trade->wasPaid())
        return error(409, QStringLiteral("already_paid"), tr("The trade is already paid."));
    Buyer *buyer = m_store.buyer(trade->buyerId);
    if (!buyer || buyer->balanceMinor < trade->amountMinor)
        buyer = &m_store.defaultBuyer();
    if (const Status paid = m_store.pay(*trade, *buyer, now); !paid.ok())
        return error(500, paid.error().code, paid.error().message);
    return commitAndReply({{QStringLiteral("kind"), kind},
                           {QStringLiteral("out_trade_no"), trade->outTradeNo},
                           {QStringLiteral("transaction_id"), trade->transactionId},
                           {QStringLiteral("status"), tradeStatusName(trade->status)}});
}

HttpReply ControlApi::trades()
{
    QJsonArray list;
    for (const Trade *t : m_store.trades())
        list.append(tradeJson(*t));
    return HttpReply::json(toJson({{QStringLiteral("trades"), list}}));
}

HttpReply ControlApi::handleQr(const QByteArray &method, const QString &path,
                               const QByteArray &body)
{
    Q_UNUSED(body);
    m_store.expireDue(m_clock.nowUtc());
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts); // qr, token[, pay]
    Trade *trade = parts.size() >= 2 ? m_store.tradeByQrToken(parts.at(1)) : nullptr;
    if (!trade)
        return HttpReply::html(QrPage::notFound(), 404);
    const App *app = m_store.app(trade->appId);
    const QString merchant = app ? app->merchantName : QString();
    if (method == "GET" && parts.size() == 2) {
        // Scanning makes a precreated trade exist at the provider.
        if (!trade->existsAtProvider && trade->status == TradeStatus::WaitBuyerPay) {
            trade->existsAtProvider = true;
            (void)m_store.commit();
        }
        return HttpReply::html(
            QrPage::checkout(*trade, merchant, QStringLiteral("/qr/%1/pay").arg(parts.at(1))));
    }
    if (method == "POST" && parts.size() == 3 && parts.at(2) == QLatin1String("pay")) {
        const HttpReply paid = payTrade(*trade, nullptr);
        const bool ok = paid.status == 200;
        const QString message =
            ok ? tr("Payment successful.")
               : QJsonDocument::fromJson(paid.body).object().value(u"error").toString();
        return HttpReply::html(QrPage::result(*trade, ok, message), ok ? 200 : paid.status);
    }
    return HttpReply::html(QrPage::notFound(), 404);
}

} // namespace paydesk::sandbox
