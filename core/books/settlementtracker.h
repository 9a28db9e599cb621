#pragma once

#include "core/providers/paymentprovider.h"
#include "core/providers/payout.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace paydesk {

class Clock;
class Database;
class Ledger;
class ProviderRegistry;

/// Where a provider's payout for one business day stands.
struct SettlementStatus
{
    enum class State {
        Pending, ///< not due yet (T+1 has not passed) and nothing paid
        OnTime,  ///< paid in full
        Late,    ///< nothing paid by the expected day
        Short,   ///< paid, but less than the day's net
        Nothing, ///< the day's net is zero or negative: no payout expected
    };
    QString provider;
    QDate day;
    State state = State::Pending;
    qint64 expectedMinor = 0; ///< the statement's net: payments - refunds - fees
    qint64 settledMinor = 0;  ///< payouts recorded for the day
    QDate expectedBy;         ///< day + 1 (T+1)
    QString message;          ///< translated; for Late / Short with the provider's hotline
    bool flagged() const { return state == State::Late || state == State::Short; }
};

/// What importing one fund-flow statement did.
struct FundImport
{
    QString provider;
    QDate day;                    ///< the day the statement's movements were booked
    int payouts = 0;              ///< payout rows in the file
    int recorded = 0;             ///< of them, booked now (the others were already)
    qint64 recordedMinor = 0;     ///< the amount booked now
    QString fileSha256;           ///< lower-case hex of the raw file
    bool alreadyImported = false; ///< the same statement was imported before: nothing done
    qint64 fileId = 0;            ///< statement_files.id
};

/// Settlement to the bank (docs/BOOKS.md): records the provider's payouts (debit bank, credit
/// clearing:<provider>, once per payout reference) and compares each day's expected payout
/// (the net of its imported statement) with the payouts seen: on time, late (nothing by T+1)
/// or short (less), flagged with the provider's hotline.
class SettlementTracker
{
    Q_DECLARE_TR_FUNCTIONS(SettlementTracker)
public:
    SettlementTracker(Database &db, Ledger &ledger, const ProviderRegistry &registry,
                      const Clock &clock);

    /// Books \a payout once: true when recorded now, false when its reference was already
    /// recorded (nothing done). \a fileId is the fund statement it came from, when any.
    Result<bool> recordPayout(const Payout &payout, std::optional<qint64> fileId = std::nullopt);

    /// Stores a fund-flow statement the adapter downloaded (parsed, the provider's checksum
    /// checked) and books its payouts, all in ONE transaction: the raw file in statement_files
    /// (kind fund), each payout through recordPayout(). The same statement again (same bytes,
    /// or the same payouts in a new wrapper) is a no-op; another one for a day already
    /// imported is refused; any failure leaves nothing behind.
    Result<FundImport> importFundStatement(const QString &provider,
                                           const FundStatementReply &reply);
    /// A fund-flow statement the owner saved from the merchant portal: parsed by \a provider's
    /// fund parser (none named: every registered one is tried), then stored exactly as
    /// importFundStatement() does. Empty when no parser reads the file (it is not a fund-flow
    /// statement). The day is \a day, else the day most of its payouts were paid on.
    Result<std::optional<FundImport>> importFundFile(const QString &provider, const QByteArray &raw,
                                                     std::optional<QDate> day = std::nullopt,
                                                     const QString &operatorName = {});
    /// Whether \a provider's adapter downloads fund statements (ProviderCapabilities).
    bool hasFundStatements(const QString &provider) const;
    /// The latest day with a fund statement of \a provider; none before the first.
    Result<std::optional<QDate>> lastFundDay(const QString &provider) const;

    Result<SettlementStatus> status(const QString &provider, const QDate &day) const;
    /// The status of every day from \a from to \a to with a trade statement of \a provider,
    /// oldest first.
    Result<QList<SettlementStatus>> statuses(const QString &provider, const QDate &from,
                                             const QDate &to) const;
    /// Translated one-line summary of \a s for a list or a terminal.
    static QString describe(const SettlementStatus &s, const QString &providerName);
    /// "pending", "on_time", "late", "short", "nothing" (JSON).
    static QString stateName(SettlementStatus::State state);

private:
    Result<FundImport> storeFund(const QString &provider, const FundStatementReply &reply,
                                 const QString &source, const QString &operatorName);

    Database &m_db;
    Ledger &m_ledger;
    const ProviderRegistry &m_registry;
    const Clock &m_clock;
};

} // namespace paydesk
