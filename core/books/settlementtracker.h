#pragma once

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

    Result<SettlementStatus> status(const QString &provider, const QDate &day) const;

private:
    Database &m_db;
    Ledger &m_ledger;
    const ProviderRegistry &m_registry;
    const Clock &m_clock;
};

} // namespace paydesk
