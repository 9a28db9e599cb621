#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

namespace paydesk {

class Clock;
class Database;

/// One line of a journal entry: debit positive, credit negative, in minor units.
struct Posting
{
    QString account;
    qint64 amountMinor = 0;
};

struct JournalEntry
{
    qint64 id = 0;
    QDateTime createdAt; ///< UTC
    QString memo;
    QString reference; ///< e.g. out_trade_no or out_request_no
    QString operatorName;
    QList<Posting> postings;
};

struct AccountBalance
{
    QString account;
    QString kind;            ///< asset, liability, equity, revenue, expense
    qint64 balanceMinor = 0; ///< debits minus credits
};

/// The append-only double-entry journal. Entries must balance (postings sum to zero);
/// the database refuses any UPDATE or DELETE of entries or postings.
class Ledger
{
    Q_DECLARE_TR_FUNCTIONS(Ledger)
public:
    Ledger(Database &db, const Clock &clock);

    /// Books one balanced entry. Runs inside the caller's Transaction when there is one
    /// (as a savepoint), so a state change and its postings commit together.
    Result<qint64> post(const QString &memo, const QList<Posting> &postings,
                        const QString &reference = {}, const QString &operatorName = {});

    /// Adds an account if it does not exist yet (e.g. "clearing:sandbox").
    Status ensureAccount(const QString &code, const QString &kind, const QString &name);

    Result<qint64> balance(const QString &account) const;
    Result<QList<AccountBalance>> trialBalance() const;
    Result<QList<JournalEntry>> entries(const QString &reference = {}) const;

private:
    Database &m_db;
    const Clock &m_clock;
};

} // namespace paydesk
