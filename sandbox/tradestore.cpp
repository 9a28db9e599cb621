#include "sandbox/tradestore.h"

#include "sandbox/sandboxlog.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTimeZone>

namespace paydesk::sandbox {

namespace {
constexpr int stateVersion = 1;
constexpr qint64 codeLifetimeMs = 5 * 60 * 1000;
constexpr qint64 defaultBuyerBalanceMinor = 100'000'000'00LL; // one hundred million yuan
const QString stateFileName = QStringLiteral("sandbox-state.json");

QString isoUtc(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime fromIsoUtc(const QJsonValue &v)
{
    const QString text = v.toString();
    if (text.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    return t.toUTC();
}

// Integers beyond 2^53 and money travel as strings so that JSON doubles never touch them.
QString int64Text(qint64 v)
{
    return QString::number(v);
}

qint64 int64From(const QJsonValue &v)
{
    return v.toString().toLongLong();
}

QString beijingDate(const QDateTime &utc)
{
    return utc.toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyyMMdd"));
}
} // namespace

QString tradeStatusName(TradeStatus status)
{
    switch (status) {
    case TradeStatus::WaitBuyerPay:
        return QStringLiteral("WAIT_BUYER_PAY");
    case TradeStatus::Success:
        return QStringLiteral("SUCCESS");
    case TradeStatus::Closed:
        return QStringLiteral("CLOSED");
    }
    return {};
}

static std::optional<TradeStatus> tradeStatusFromName(const QString &name)
{
    for (TradeStatus s : {TradeStatus::WaitBuyerPay, TradeStatus::Success, TradeStatus::Closed})
        if (tradeStatusName(s) == name)
            return s;
    return std::nullopt;
}

const Refund *Trade::refund(const QString &outRequestNo) const
{
    for (const Refund &r : refunds)
        if (r.outRequestNo == outRequestNo)
            return &r;
    return nullptr;
}

TradeStore::TradeStore(quint64 seed, int feeRateBasisPoints)
    : m_ids(seed), m_feeRateBasisPoints(feeRateBasisPoints)
{
}

Status TradeStore::open(const QString &dir)
{
    if (dir.isEmpty())
        return {};
    if (!QDir().mkpath(dir))
        return Status::failure(QStringLiteral("sandbox.state_dir"),
                               tr("Cannot create the sandbox state folder %1.").arg(dir));
    m_path = QDir(dir).filePath(stateFileName);
    QFile file(m_path);
    if (!file.exists())
        return save();
    if (!file.open(QIODevice::ReadOnly))
        return Status::failure(QStringLiteral("sandbox.state_read"),
                               tr("Cannot read %1: %2").arg(m_path, file.errorString()));
    return load(file.readAll());
}

Status TradeStore::commit()
{
    return m_path.isEmpty() ? Status() : save();
}

Status TradeStore::save() const
{
    QJsonObject root;
    root[u"version"] = stateVersion;
    root[u"id_state"] = QString::number(m_ids.state());
    root[u"sandbox_key"] = QString::fromLatin1(m_sandboxKeyPem);
    root[u"default_buyer"] = m_defaultBuyerId;
    QJsonArray apps;
    for (const auto &a : m_apps)
        apps.append(
            QJsonObject{{QStringLiteral("provider"), a->provider},
                        {QStringLiteral("app_id"), a->appId},
                        {QStringLiteral("merchant_pid"), a->merchantPid},
                        {QStringLiteral("merchant_name"), a->merchantName},
                        {QStringLiteral("public_key"), QString::fromLatin1(a->publicKeyPem)},
                        {QStringLiteral("dialect"), a->dialectData}});
    root[u"apps"] = apps;
    QJsonArray buyers;
    for (const auto &b : m_buyers)
        buyers.append(QJsonObject{{QStringLiteral("buyer_id"), b->buyerId},
                                  {QStringLiteral("logon_id"), b->logonId},
                                  {QStringLiteral("balance_minor"), int64Text(b->balanceMinor)}});
    root[u"buyers"] = buyers;
    QJsonArray codes;
    for (const auto &c : m_codes)
        codes.append(QJsonObject{{QStringLiteral("code"), c->code},
                                 {QStringLiteral("buyer_id"), c->buyerId},
                                 {QStringLiteral("provider"), c->provider},
                                 {QStringLiteral("expires"), isoUtc(c->expiresUtc)},
                                 {QStringLiteral("used"), c->used}});
    root[u"codes"] = codes;
    QJsonArray trades;
    for (const auto &t : m_trades) {
        QJsonArray refunds;
        for (const Refund &r : t->refunds)
            refunds.append(QJsonObject{{QStringLiteral("out_request_no"), r.outRequestNo},
                                       {QStringLiteral("amount_minor"), int64Text(r.amountMinor)},
                                       {QStringLiteral("fee_minor"), int64Text(r.feeMinor)},
                                       {QStringLiteral("created"), isoUtc(r.createdUtc)},
                                       {QStringLiteral("reason"), r.reason}});
        trades.append(QJsonObject{{QStringLiteral("provider"), t->provider},
                                  {QStringLiteral("app_id"), t->appId},
                                  {QStringLiteral("out_trade_no"), t->outTradeNo},
                                  {QStringLiteral("transaction_id"), t->transactionId},
                                  {QStringLiteral("kind"), t->kind},
                                  {QStringLiteral("subject"), t->subject},
                                  {QStringLiteral("store_id"), t->storeId},
                                  {QStringLiteral("operator_id"), t->operatorId},
                                  {QStringLiteral("terminal_id"), t->terminalId},
                                  {QStringLiteral("notify_url"), t->notifyUrl},
                                  {QStringLiteral("qr_token"), t->qrToken},
                                  {QStringLiteral("buyer_id"), t->buyerId},
                                  {QStringLiteral("status"), tradeStatusName(t->status)},
                                  {QStringLiteral("exists"), t->existsAtProvider},
                                  {QStringLiteral("late_success"), t->lateSuccess},
                                  {QStringLiteral("amount_minor"), int64Text(t->amountMinor)},
                                  {QStringLiteral("refunded_minor"), int64Text(t->refundedMinor)},
                                  {QStringLiteral("fee_minor"), int64Text(t->feeMinor)},
                                  {QStringLiteral("created"), isoUtc(t->createdUtc)},
                                  {QStringLiteral("paid"), isoUtc(t->paidUtc)},
                                  {QStringLiteral("closed"), isoUtc(t->closedUtc)},
                                  {QStringLiteral("expires"), isoUtc(t->expiresUtc)},
                                  {QStringLiteral("refunds"), refunds},
                                  {QStringLiteral("dialect"), t->dialectData}});
    }
    root[u"trades"] = trades;
    QJsonArray settlements;
    for (const SettlementInstruction &i : m_settlements)
        settlements.append(QJsonObject{{QStringLiteral("provider"), i.provider},
                                       {QStringLiteral("day"), i.day.toString(Qt::ISODate)},
                                       {QStringLiteral("late_days"), i.lateDays},
                                       {QStringLiteral("short_minor"), int64Text(i.shortMinor)},
                                       {QStringLiteral("broken_bill"), i.brokenBill}});
    root[u"settlements"] = settlements;

    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return Status::failure(QStringLiteral("sandbox.state_write"),
                               tr("Cannot write %1: %2").arg(m_path, file.errorString()));
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return Status::failure(QStringLiteral("sandbox.state_write"),
                               tr("Cannot write %1: %2").arg(m_path, file.errorString()));
    return {};
}

Status TradeStore::load(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    const QJsonObject root = doc.object();
    if (error.error != QJsonParseError::NoError || !doc.isObject() ||
        root.value(u"version").toInt() != stateVersion)
        return Status::failure(QStringLiteral("sandbox.state_corrupt"),
                               tr("The sandbox state file %1 is damaged or from another "
                                  "version.")
                                   .arg(m_path));
    m_ids.setState(root.value(u"id_state").toString().toULongLong());
    m_sandboxKeyPem = root.value(u"sandbox_key").toString().toLatin1();
    m_defaultBuyerId = root.value(u"default_buyer").toString();
    for (const QJsonValue &v : root.value(u"apps").toArray()) {
        const QJsonObject o = v.toObject();
        auto a = std::make_unique<App>();
        a->provider = o.value(u"provider").toString();
        a->appId = o.value(u"app_id").toString();
        a->merchantPid = o.value(u"merchant_pid").toString();
        a->merchantName = o.value(u"merchant_name").toString();
        a->publicKeyPem = o.value(u"public_key").toString().toLatin1();
        a->dialectData = o.value(u"dialect").toObject();
        m_apps.push_back(std::move(a));
    }
    for (const QJsonValue &v : root.value(u"buyers").toArray()) {
        const QJsonObject o = v.toObject();
        auto b = std::make_unique<Buyer>();
        b->buyerId = o.value(u"buyer_id").toString();
        b->logonId = o.value(u"logon_id").toString();
        b->balanceMinor = int64From(o.value(u"balance_minor"));
        m_buyers.push_back(std::move(b));
    }
    for (const QJsonValue &v : root.value(u"codes").toArray()) {
        const QJsonObject o = v.toObject();
        auto c = std::make_unique<PaymentCode>();
        c->code = o.value(u"code").toString();
        c->buyerId = o.value(u"buyer_id").toString();
        c->provider = o.value(u"provider").toString();
        c->expiresUtc = fromIsoUtc(o.value(u"expires"));
        c->used = o.value(u"used").toBool();
        m_codes.push_back(std::move(c));
    }
    for (const QJsonValue &v : root.value(u"trades").toArray()) {
        const QJsonObject o = v.toObject();
        auto t = std::make_unique<Trade>();
        t->provider = o.value(u"provider").toString();
        t->appId = o.value(u"app_id").toString();
        t->outTradeNo = o.value(u"out_trade_no").toString();
        t->transactionId = o.value(u"transaction_id").toString();
        t->kind = o.value(u"kind").toString();
        t->subject = o.value(u"subject").toString();
        t->storeId = o.value(u"store_id").toString();
        t->operatorId = o.value(u"operator_id").toString();
        t->terminalId = o.value(u"terminal_id").toString();
        t->notifyUrl = o.value(u"notify_url").toString();
        t->qrToken = o.value(u"qr_token").toString();
        t->buyerId = o.value(u"buyer_id").toString();
        t->status =
            tradeStatusFromName(o.value(u"status").toString()).value_or(TradeStatus::WaitBuyerPay);
        t->existsAtProvider = o.value(u"exists").toBool();
        t->lateSuccess = o.value(u"late_success").toBool();
        t->amountMinor = int64From(o.value(u"amount_minor"));
        t->refundedMinor = int64From(o.value(u"refunded_minor"));
        t->feeMinor = int64From(o.value(u"fee_minor"));
        t->createdUtc = fromIsoUtc(o.value(u"created"));
        t->paidUtc = fromIsoUtc(o.value(u"paid"));
        t->closedUtc = fromIsoUtc(o.value(u"closed"));
        t->expiresUtc = fromIsoUtc(o.value(u"expires"));
        t->dialectData = o.value(u"dialect").toObject();
        for (const QJsonValue &rv : o.value(u"refunds").toArray()) {
            const QJsonObject r = rv.toObject();
            t->refunds.append(
                Refund{r.value(u"out_request_no").toString(), int64From(r.value(u"amount_minor")),
                       int64From(r.value(u"fee_minor")), fromIsoUtc(r.value(u"created")),
                       r.value(u"reason").toString()});
        }
        m_trades.push_back(std::move(t));
    }
    for (const QJsonValue &v : root.value(u"settlements").toArray()) {
        const QJsonObject o = v.toObject();
        m_settlements.append({o.value(u"provider").toString(),
                              QDate::fromString(o.value(u"day").toString(), Qt::ISODate),
                              o.value(u"late_days").toInt(), int64From(o.value(u"short_minor")),
                              o.value(u"broken_bill").toBool()});
    }
    qCInfo(lcSandbox) << "loaded sandbox state:" << m_apps.size() << "apps," << m_buyers.size()
                      << "buyers," << m_trades.size() << "trades";
    return {};
}

void TradeStore::setSettlement(const SettlementInstruction &instruction)
{
    for (SettlementInstruction &i : m_settlements)
        if (i.provider == instruction.provider && i.day == instruction.day) {
            i = instruction;
            return;
        }
    m_settlements.append(instruction);
}

SettlementInstruction TradeStore::settlement(const QString &provider, const QDate &day) const
{
    for (const SettlementInstruction &i : m_settlements)
        if (i.provider == provider && i.day == day)
            return i;
    return {provider, day, 0, 0, false};
}

App &TradeStore::addApp(const QString &provider, const QByteArray &publicKeyPem)
{
    auto a = std::make_unique<App>();
    a->provider = provider;
    a->appId = QStringLiteral("2021") + m_ids.digits(12);
    a->merchantPid = QStringLiteral("2088") + m_ids.digits(12);
    a->merchantName = QStringLiteral("Sandbox Store %1").arg(a->appId.right(4));
    a->publicKeyPem = publicKeyPem;
    m_apps.push_back(std::move(a));
    return *m_apps.back();
}

const App *TradeStore::app(const QString &appId) const
{
    for (const auto &a : m_apps)
        if (a->appId == appId)
            return a.get();
    return nullptr;
}

const App *TradeStore::firstApp(const QString &provider) const
{
    for (const auto &a : m_apps)
        if (a->provider == provider)
            return a.get();
    return nullptr;
}

Buyer &TradeStore::addBuyer(qint64 balanceMinor)
{
    auto b = std::make_unique<Buyer>();
    b->buyerId = QStringLiteral("2088") + m_ids.digits(12);
    const QString phone = QStringLiteral("13") + m_ids.digits(9);
    b->logonId = phone.left(3) + QStringLiteral("****") + phone.right(4);
    b->balanceMinor = balanceMinor;
    m_buyers.push_back(std::move(b));
    return *m_buyers.back();
}

Buyer *TradeStore::buyer(const QString &buyerId)
{
    for (const auto &b : m_buyers)
        if (b->buyerId == buyerId)
            return b.get();
    return nullptr;
}

QList<const Buyer *> TradeStore::buyers() const
{
    QList<const Buyer *> out;
    for (const auto &b : m_buyers)
        out.append(b.get());
    return out;
}

Buyer &TradeStore::defaultBuyer()
{
    if (Buyer *b = buyer(m_defaultBuyerId))
        return *b;
    Buyer &b = addBuyer(defaultBuyerBalanceMinor);
    m_defaultBuyerId = b.buyerId;
    return b;
}

PaymentCode &TradeStore::issueCode(const QString &buyerId, const QString &provider,
                                   const QString &prefix, const QDateTime &now)
{
    auto c = std::make_unique<PaymentCode>();
    c->code = prefix + m_ids.digits(18 - int(prefix.size()));
    c->buyerId = buyerId;
    c->provider = provider;
    c->expiresUtc = now.addMSecs(codeLifetimeMs);
    // Expired codes are useless; drop them so the state file stays small.
    std::erase_if(m_codes, [&now](const auto &old) {
        return old->expiresUtc < now.addMSecs(-codeLifetimeMs);
    });
    m_codes.push_back(std::move(c));
    return *m_codes.back();
}

PaymentCode *TradeStore::liveCode(const QString &code, const QString &provider,
                                  const QDateTime &now)
{
    for (const auto &c : m_codes)
        if (c->code == code)
            return (c->provider == provider && !c->used && now <= c->expiresUtc) ? c.get()
                                                                                 : nullptr;
    return nullptr;
}

Trade &TradeStore::addTrade(const QString &provider, const QString &appId,
                            const QString &outTradeNo, const QString &kind, qint64 amountMinor,
                            const QDateTime &now)
{
    auto t = std::make_unique<Trade>();
    t->provider = provider;
    t->appId = appId;
    t->outTradeNo = outTradeNo;
    t->kind = kind;
    t->amountMinor = amountMinor;
    t->createdUtc = now;
    // Beijing date + 20 digits (28 in all): the shape of the wallets' own transaction ids.
    t->transactionId = beijingDate(now) + QStringLiteral("2200") + m_ids.digits(16);
    m_trades.push_back(std::move(t));
    return *m_trades.back();
}

Trade *TradeStore::trade(const QString &appId, const QString &outTradeNo)
{
    for (const auto &t : m_trades)
        if (t->appId == appId && t->outTradeNo == outTradeNo)
            return t.get();
    return nullptr;
}

Trade *TradeStore::tradeByTransactionId(const QString &appId, const QString &transactionId)
{
    for (const auto &t : m_trades)
        if (t->appId == appId && t->transactionId == transactionId)
            return t.get();
    return nullptr;
}

Trade *TradeStore::tradeByQrToken(const QString &token)
{
    if (token.isEmpty())
        return nullptr;
    for (const auto &t : m_trades)
        if (t->qrToken == token)
            return t.get();
    return nullptr;
}

Trade *TradeStore::anyTrade(const QString &outTradeNo)
{
    for (const auto &t : m_trades)
        if (t->outTradeNo == outTradeNo)
            return t.get();
    return nullptr;
}

QList<const Trade *> TradeStore::trades() const
{
    QList<const Trade *> out;
    for (const auto &t : m_trades)
        out.append(t.get());
    return out;
}

void TradeStore::expireDue(const QDateTime &now)
{
    bool changed = false;
    for (const auto &t : m_trades) {
        if (t->status == TradeStatus::WaitBuyerPay && t->expiresUtc.isValid() &&
            now > t->expiresUtc) {
            close(*t, now);
            changed = true;
        }
    }
    if (changed)
        (void)commit();
}

qint64 TradeStore::feeFor(qint64 amountMinor) const
{
    // Half up on non-negative integers: (a * bp + 5000) / 10000.
    return (amountMinor * m_feeRateBasisPoints + 5000) / 10000;
}

Status TradeStore::pay(Trade &trade, Buyer &buyer, const QDateTime &now)
{
    if (trade.wasPaid() || trade.status == TradeStatus::Success)
        return Status::failure(QStringLiteral("TRADE_STATUS"), tr("The trade is already paid."));
    if (buyer.balanceMinor < trade.amountMinor)
        return Status::failure(QStringLiteral("BUYER_BALANCE_NOT_ENOUGH"),
                               tr("The buyer's balance is not enough."));
    buyer.balanceMinor -= trade.amountMinor;
    trade.buyerId = buyer.buyerId;
    trade.status = TradeStatus::Success;
    trade.existsAtProvider = true;
    trade.paidUtc = now;
    trade.closedUtc = {};
    trade.feeMinor = feeFor(trade.amountMinor);
    qCInfo(lcSandbox) << "trade paid:" << trade.outTradeNo << trade.amountMinor << "fen by"
                      << buyer.buyerId;
    if (m_paidListener)
        m_paidListener(trade);
    return {};
}

Result<Refund> TradeStore::refund(Trade &trade, const QString &outRequestNo, qint64 amountMinor,
                                  const QString &reason, const QDateTime &now)
{
    if (amountMinor <= 0 || amountMinor > trade.refundableMinor())
        return Result<Refund>::failure(QStringLiteral("REFUND_EXCEEDS"),
                                       tr("The refund exceeds what remains of the trade."));
    Refund r;
    r.outRequestNo = outRequestNo;
    r.amountMinor = amountMinor;
    r.createdUtc = now;
    r.reason = reason;
    // Fees come back in proportion; the last refund takes the remainder so that the
    // refunded fees add up to exactly the fee charged.
    qint64 feeBack = 0;
    for (const Refund &earlier : trade.refunds)
        feeBack += earlier.feeMinor;
    if (trade.refundedMinor + amountMinor == trade.amountMinor)
        r.feeMinor = trade.feeMinor - feeBack;
    else
        r.feeMinor = std::min(trade.feeMinor - feeBack,
                              (trade.feeMinor * amountMinor * 2 + trade.amountMinor) /
                                  (2 * trade.amountMinor));
    trade.refundedMinor += amountMinor;
    trade.refunds.append(r);
    if (Buyer *b = buyer(trade.buyerId))
        b->balanceMinor += amountMinor;
    qCInfo(lcSandbox) << "refund:" << trade.outTradeNo << outRequestNo << amountMinor << "fen";
    return r;
}

void TradeStore::close(Trade &trade, const QDateTime &now)
{
    trade.status = TradeStatus::Closed;
    trade.closedUtc = now;
}

} // namespace paydesk::sandbox
