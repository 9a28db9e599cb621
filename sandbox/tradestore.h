#pragma once

#include "core/util/result.h"
#include "sandbox/prng.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace paydesk::sandbox {

/// Provider-neutral trade status as the control API shows it.
enum class TradeStatus { WaitBuyerPay, Success, Closed };
QString tradeStatusName(TradeStatus status);

/// A merchant application registered through the control API.
struct App
{
    QString provider; ///< the dialect's provider id (Dialect::provider)
    QString appId;
    QString merchantPid; ///< the merchant's account id (2088…), shown in bills
    QString merchantName;
    QByteArray publicKeyPem; ///< the merchant's public key (SPKI PEM)
    QJsonObject dialectData; ///< what only the app's dialect reads (its ids, keys), saved as is
};

/// A simulated wallet holder.
struct Buyer
{
    QString buyerId; ///< 2088 + 12 digits: the wallet's user id
    QString logonId; ///< masked phone number: the wallet's logon id
    qint64 balanceMinor = 0;
};

/// A payment code shown in a buyer's wallet: single use, expires after 5 minutes.
struct PaymentCode
{
    QString code;
    QString buyerId;
    QString provider;
    QDateTime expiresUtc;
    bool used = false;
};

struct Refund
{
    QString outRequestNo;
    qint64 amountMinor = 0;
    qint64 feeMinor = 0; ///< the part of the trade fee given back (positive number)
    QDateTime createdUtc;
    QString reason;
};

struct Trade
{
    QString provider;
    QString appId;
    QString outTradeNo;
    QString transactionId;
    QString kind; ///< "qr" (precreate) or "code" (payment-code pay)
    QString subject;
    QString storeId;
    QString operatorId;
    QString terminalId;
    QString notifyUrl;
    QString qrToken; ///< for QR trades: the token in the qr_code URL
    QString buyerId; ///< who paid (or is paying)
    TradeStatus status = TradeStatus::WaitBuyerPay;
    bool existsAtProvider = false; ///< a precreated trade exists only once scanned
    qint64 amountMinor = 0;
    qint64 refundedMinor = 0;
    qint64 feeMinor = 0;
    int billCopies = 1;       ///< times its payment row is on the bill (2+: inject duplicate_line)
    bool lateSuccess = false; ///< paid by the late_success fault after it was closed unpaid
    QDateTime createdUtc;
    QDateTime paidUtc;
    QDateTime closedUtc;
    QDateTime expiresUtc; ///< unpaid trades close by themselves after this; invalid = never
    QList<Refund> refunds;
    QJsonObject dialectData; ///< what only the trade's dialect reads, saved as is

    bool wasPaid() const { return paidUtc.isValid(); }
    qint64 refundableMinor() const { return wasPaid() ? amountMinor - refundedMinor : 0; }
    const Refund *refund(const QString &outRequestNo) const;
};

/// How the sandbox settles one provider's business day (POST /sandbox/settlement): a payout
/// \a lateDays after T+1, and/or \a shortMinor less than the day's net. Absent = on time, in full.
/// \a brokenBill: the fund bill dated \a day is served cut short (a damaged download).
struct SettlementInstruction
{
    QString provider;
    QDate day;
    int lateDays = 0;
    qint64 shortMinor = 0;
    bool brokenBill = false;
};

/// Every piece of sandbox state, with persistence to one JSON file (atomic writes). The
/// business rules that are the same for every provider (paying, refunding, closing, fees)
/// live here; wire formats live in the protocol front-ends.
class TradeStore
{
    Q_DECLARE_TR_FUNCTIONS(TradeStore)
public:
    TradeStore(quint64 seed, int feeRateBasisPoints);

    /// Loads \a dir/sandbox-state.json when it exists; afterwards every change is saved there.
    /// An empty \a dir keeps everything in memory.
    Status open(const QString &dir);
    /// Saves now (when persistent). Called after every change by the front-ends.
    Status commit();

    Prng &ids() { return m_ids; }
    int feeRateBasisPoints() const { return m_feeRateBasisPoints; }

    QByteArray sandboxKeyPem() const { return m_sandboxKeyPem; }
    void setSandboxKeyPem(const QByteArray &pem) { m_sandboxKeyPem = pem; }

    // Apps
    App &addApp(const QString &provider, const QByteArray &publicKeyPem);
    const App *app(const QString &appId) const;
    const App *firstApp(const QString &provider) const;

    // Buyers and their codes
    Buyer &addBuyer(qint64 balanceMinor);
    Buyer *buyer(const QString &buyerId);
    QList<const Buyer *> buyers() const;
    /// The shared well-funded buyer used when a QR is paid without naming one.
    Buyer &defaultBuyer();
    /// A new 18-digit code of \a provider's wallet starting with \a prefix (WalletCodes).
    PaymentCode &issueCode(const QString &buyerId, const QString &provider, const QString &prefix,
                           const QDateTime &now);
    /// The code when it exists for \a provider, is unused and not expired.
    PaymentCode *liveCode(const QString &code, const QString &provider, const QDateTime &now);

    // Trades
    Trade &addTrade(const QString &provider, const QString &appId, const QString &outTradeNo,
                    const QString &kind, qint64 amountMinor, const QDateTime &now);
    Trade *trade(const QString &appId, const QString &outTradeNo);
    Trade *tradeByTransactionId(const QString &appId, const QString &transactionId);
    Trade *tradeByQrToken(const QString &token);
    Trade *anyTrade(const QString &outTradeNo);
    QList<const Trade *> trades() const;
    /// Closes unpaid trades whose time ran out.
    void expireDue(const QDateTime &now);

    /// Moves the money from \a buyer to the merchant and marks the trade paid. Fails with
    /// "BUYER_BALANCE_NOT_ENOUGH" (trade unchanged) or "TRADE_STATUS" when already paid.
    /// Calls the paid listener on success. Does not commit.
    Status pay(Trade &trade, Buyer &buyer, const QDateTime &now);
    /// Refunds \a amountMinor under \a outRequestNo (the caller handles replays). Fails with
    /// "REFUND_EXCEEDS" when more than what remains. Does not commit.
    Result<Refund> refund(Trade &trade, const QString &outRequestNo, qint64 amountMinor,
                          const QString &reason, const QDateTime &now);
    void close(Trade &trade, const QDateTime &now);

    // Settlement
    /// Replaces the instruction for (provider, day).
    void setSettlement(const SettlementInstruction &instruction);
    /// The instruction for \a provider's \a day; on time and in full when none was given.
    SettlementInstruction settlement(const QString &provider, const QDate &day) const;

    /// Called after every successful pay() (notifications hang here).
    void setPaidListener(std::function<void(const Trade &)> listener)
    {
        m_paidListener = std::move(listener);
    }

    /// Fee in fen for \a amountMinor at the configured rate, rounded half up.
    qint64 feeFor(qint64 amountMinor) const;

private:
    Status save() const;
    Status load(const QByteArray &json);

    Prng m_ids;
    int m_feeRateBasisPoints;
    QString m_path;
    QByteArray m_sandboxKeyPem;
    QString m_defaultBuyerId;
    std::vector<std::unique_ptr<App>> m_apps;
    std::vector<std::unique_ptr<Buyer>> m_buyers;
    std::vector<std::unique_ptr<PaymentCode>> m_codes;
    std::vector<std::unique_ptr<Trade>> m_trades;
    QList<SettlementInstruction> m_settlements;
    std::function<void(const Trade &)> m_paidListener;
};

} // namespace paydesk::sandbox
