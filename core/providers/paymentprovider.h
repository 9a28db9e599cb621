#pragma once

#include "core/money/money.h"
#include "core/providers/payout.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>

#include <functional>

namespace paydesk {

/// Why a provider call did not succeed, in the terms a cashier acts on. The adapter
/// maps its own codes onto these; ProviderAdvice turns them into words.
enum class FailureReason {
    None,
    InsufficientBalance,
    WrongPassword,
    CodeExpiredOrInvalid, // payment code used, expired or malformed
    UnsupportedWallet,
    LimitExceeded,
    AmountTooLarge, // more than the provider or the merchant account takes in one payment
    NetworkTrouble, // timeout, connection refused, dropped answer
    ProviderBusy,   // 5xx, SYSTEM_ERROR, 20000
    TradeNotExist,
    TradeAlreadyPaid, // e.g. ACQ.TRADE_HAS_SUCCESS
    TradeClosed,
    InvalidSignature, // our request rejected for its signature, or theirs failed to verify
    BadRequest,       // 40002 and friends: a bug or misconfiguration on our side
    PermissionDenied, // 20001 / 40006
    Other,
};

/// The envelope of every provider answer. Keeps "definitely failed" apart from
/// "we do not know": a timeout, a 5xx, a dropped answer, a response whose signature
/// does not verify are all Unknown, and Unknown is never treated as failure.
struct ProviderStatus
{
    enum class Kind { Ok, Failed, Unknown };
    Kind kind = Kind::Unknown;
    FailureReason reason = FailureReason::None;
    QString code;    ///< provider's code, e.g. "40004" or "SYSTEMERROR"
    QString subCode; ///< provider's sub code, e.g. "ACQ.BUYER_BALANCE_NOT_ENOUGH"
    QString message; ///< provider's own text (not shown raw to customers)

    bool ok() const { return kind == Kind::Ok; }
    bool failed() const { return kind == Kind::Failed; }
    bool unknown() const { return kind == Kind::Unknown; }

    static ProviderStatus success() { return {Kind::Ok, FailureReason::None, {}, {}, {}}; }
    static ProviderStatus failure(FailureReason r, QString code, QString sub, QString msg)
    {
        return {Kind::Failed, r, std::move(code), std::move(sub), std::move(msg)};
    }
    static ProviderStatus unknownOutcome(FailureReason r, QString code, QString msg)
    {
        return {Kind::Unknown, r, std::move(code), {}, std::move(msg)};
    }
};

/// Provider-neutral trade state as the provider reports it.
enum class TradeState {
    NotExist,     // the provider has no such trade (yet): for a precreate, not scanned yet
    WaitBuyerPay, // created / scanned, not paid
    UserPaying,   // buyer is entering a password (10003 / USERPAYING)
    Success,      // paid (may be partially refunded)
    Finished,     // paid and no longer refundable
    Closed,       // never paid, cancelled, reversed, or fully refunded
    PayError,
};

struct QrOrderRequest
{
    QString outTradeNo;
    Money amount;
    QString subject;
    QString storeId;
    int timeoutMinutes = 5;
};

struct QrOrderReply
{
    ProviderStatus status;
    QString qrCode; ///< the text to encode in the QR (a URL)
};

struct CodePayRequest
{
    QString outTradeNo;
    Money amount;
    QString subject;
    QString authCode; ///< the customer's payment code
    QString storeId;
};

struct TradeReply
{
    ProviderStatus status;
    TradeState state = TradeState::NotExist;
    QString outTradeNo;
    QString transactionId;
    Money total;
    Money refunded;
    QString buyerId;  ///< provider's payer identifier (hash before storing)
    QDateTime paidAt; ///< UTC
};

/// What a cancel / reverse did to the trade, as far as the provider says.
enum class CancelAction {
    None,    ///< not said (or nothing done yet)
    Closed,  ///< the trade was unpaid and is closed
    Refunded ///< the trade was paid and the money went back
};

/// "close", "refund" or empty: for logs and order notes.
inline QString cancelActionName(CancelAction action)
{
    switch (action) {
    case CancelAction::Closed:
        return QStringLiteral("close");
    case CancelAction::Refunded:
        return QStringLiteral("refund");
    case CancelAction::None:
        break;
    }
    return {};
}

struct CancelReply
{
    ProviderStatus status;
    bool retry = false; ///< provider asks to call again (retry_flag=Y / recall=Y)
    CancelAction action = CancelAction::None;
};

struct RefundRequest
{
    QString outTradeNo;
    QString outRequestNo; ///< idempotency key: a replay refunds once
    Money amount;
    Money orderTotal; ///< some providers need it
    QString reason;
};

struct RefundReply
{
    ProviderStatus status;
    QString outTradeNo;
    QString outRequestNo;
    QString refundId;
    Money refundAmount;      ///< this request's amount
    Money refundedTotal;     ///< cumulative refunded on the trade
    bool fundChanged = true; ///< false on an idempotent replay (fund_change=N)
    enum class State { Success, Processing, Failed } state = State::Processing;
};

/// One line of a provider's statement (bill), provider-neutral.
struct StatementLine
{
    enum class Kind { Payment, Refund };
    Kind kind = Kind::Payment;
    QString transactionId;
    QString outTradeNo;
    QString outRequestNo; ///< refunds only
    QDateTime createdAt;  ///< UTC
    QDateTime finishedAt; ///< UTC
    Money amount;         ///< order amount; negative for refunds
    Money received;       ///< merchant received; negative for refunds
    Money fee;            ///< service fee; negative when returned on a refund
    QString storeId;
    QString subject;
    QString remark;
};

struct StatementReply
{
    ProviderStatus status;
    QDate day;
    QByteArray rawFile; ///< exactly as downloaded (kept for audit)
    QByteArray sha256;  ///< of rawFile
    QList<StatementLine> lines;
};

/// A provider's fund-flow statement of one day (the movements of the merchant's balance booked
/// that day), as downloaded: the file kept for audit and its payouts to the bank.
struct FundStatementReply
{
    ProviderStatus status;
    QDate day;
    QByteArray rawFile;      ///< exactly as downloaded (kept for audit)
    QByteArray sha256;       ///< of rawFile
    QByteArray providerHash; ///< the checksum the provider gave (hex, already checked), or empty
    QList<Payout> payouts;   ///< its payout (withdrawal) rows
};

/// How the receiver must answer a notification so the provider stops re-sending it.
struct NotificationAck
{
    int httpStatus = 200;
    QByteArray body;
    QByteArray contentType = QByteArrayLiteral("text/plain");
    /// The body of a refusal (sent with a 4xx/5xx status), so the provider re-sends.
    QByteArray failureBody = QByteArrayLiteral("fail");
};

/// A verified asynchronous notification from the provider.
struct Notification
{
    QString outTradeNo;
    QString transactionId;
    QString eventType; ///< e.g. "TRADE_SUCCESS", "TRANSACTION.SUCCESS"
    TradeState state = TradeState::NotExist;
    Money amount;
    QString buyerId;    ///< provider's payer identifier, when it says (hash before storing)
    QString notifyId;   ///< for replay detection
    QDateTime sentAt;   ///< UTC
    QByteArray ackBody; ///< what to answer the provider (ProviderCapabilities::notificationAck)
};

template <typename T> using Reply = std::function<void(const T &)>;

/// The asynchronous interface every provider adapter implements. Callbacks run on the
/// thread that owns the provider, from its event loop, exactly once per call.
/// Adapters translate wire formats; they make no policy decisions.
class PaymentProvider : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~PaymentProvider() override = default;

    virtual QString id() const = 0; ///< the registry id (ProviderRegistry)

    virtual void createQrOrder(const QrOrderRequest &request, Reply<QrOrderReply> done) = 0;
    virtual void payWithCode(const CodePayRequest &request, Reply<TradeReply> done) = 0;
    virtual void query(const QString &outTradeNo, Reply<TradeReply> done) = 0;
    virtual void close(const QString &outTradeNo, Reply<ProviderStatus> done) = 0;
    /// Cancel / reverse: what it does is ProviderCapabilities::cancel.
    virtual void cancel(const QString &outTradeNo, Reply<CancelReply> done) = 0;
    virtual void refund(const RefundRequest &request, Reply<RefundReply> done) = 0;
    virtual void refundQuery(const QString &outTradeNo, const QString &outRequestNo,
                             Reply<RefundReply> done) = 0;
    virtual void downloadStatement(const QDate &day, Reply<StatementReply> done) = 0;
    /// The fund-flow statement of \a day (ProviderCapabilities::fundStatements). An adapter
    /// without one answers Failed.
    virtual void downloadFundStatement(const QDate &day, Reply<FundStatementReply> done)
    {
        FundStatementReply r;
        r.day = day;
        r.status = ProviderStatus::failure(
            FailureReason::Other, QStringLiteral("not_supported"), {},
            QCoreApplication::translate("PaymentProvider",
                                        "This provider has no fund statement to download."));
        QMetaObject::invokeMethod(
            this, [done, r] { done(r); }, Qt::QueuedConnection);
    }

    /// Verifies and decodes a notification exactly as received (body and headers).
    /// A forged, unsigned or malformed message is an error, never a notification.
    virtual Result<Notification>
    verifyNotification(const QByteArray &body, const QMap<QByteArray, QByteArray> &headers) = 0;
};

} // namespace paydesk
