#include "core/books/settlementtracker.h"

#include "core/books/statementimporter.h"
#include "core/ledger/ledger.h"
#include "core/money/money.h"
#include "core/providers/providerregistry.h"
#include "core/storage/database.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace paydesk {

SettlementTracker::SettlementTracker(Database &db, Ledger &ledger, const ProviderRegistry &registry,
                                     const Clock &clock)
    : m_db(db), m_ledger(ledger), m_registry(registry), m_clock(clock)
{
}

Result<bool> SettlementTracker::recordPayout(const Payout &payout, std::optional<qint64> fileId)
{
    if (payout.amountMinor <= 0 || payout.reference.isEmpty() || !payout.coversDay.isValid())
        return Error{u"settlement.invalid"_s,
                     tr("A payout needs a positive amount, a reference and the day it covers.")};
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    auto seen = m_db.scalar(u"SELECT id FROM settlements WHERE provider = ? AND reference = ?"_s,
                            {payout.provider, payout.reference});
    if (!seen.ok())
        return seen.error();
    if (seen.value())
        return false;
    const QString clearing = u"clearing:"_s + payout.provider;
    PAYDESK_TRY(m_ledger.ensureAccount(
        clearing, u"asset"_s, u"Owed by %1"_s.arg(m_registry.displayName(payout.provider))));
    auto entry = m_ledger.post(tr("Payout %1 of %2 for %3")
                                   .arg(payout.reference, m_registry.displayName(payout.provider),
                                        payout.coversDay.toString(Qt::ISODate)),
                               {{u"bank"_s, payout.amountMinor}, {clearing, -payout.amountMinor}},
                               u"payout:%1:%2"_s.arg(payout.provider, payout.reference));
    if (!entry.ok())
        return entry.error();
    auto row = m_db.exec(
        u"INSERT INTO settlements(provider, covers_day, paid_at, amount_minor, reference,"
        " file_id, entry_id) VALUES(?, ?, ?, ?, ?, ?, ?)"_s,
        {payout.provider, payout.coversDay.toString(Qt::ISODate),
         (payout.paidAt.isValid() ? payout.paidAt : m_clock.nowUtc()).toUTC().toString(Qt::ISODate),
         payout.amountMinor, payout.reference, fileId ? QVariant(*fileId) : QVariant(),
         entry.value()});
    if (!row.ok())
        return row.error();
    PAYDESK_TRY(tx.commit());
    return true;
}

Result<SettlementStatus> SettlementTracker::status(const QString &provider, const QDate &day) const
{
    SettlementStatus s;
    s.provider = provider;
    s.day = day;
    s.expectedBy = day.addDays(1);
    const QString dayText = day.toString(Qt::ISODate);
    auto net = m_db.scalar(u"SELECT COALESCE(SUM(amount_minor - fee_minor), 0) FROM"
                           " statement_lines WHERE provider = ? AND business_day = ?"_s,
                           {provider, dayText});
    if (!net.ok())
        return net.error();
    s.expectedMinor = net.value() ? net.value()->toLongLong() : 0;
    auto paid = m_db.scalar(u"SELECT COALESCE(SUM(amount_minor), 0) FROM settlements"
                            " WHERE provider = ? AND covers_day = ?"_s,
                            {provider, dayText});
    if (!paid.ok())
        return paid.error();
    s.settledMinor = paid.value() ? paid.value()->toLongLong() : 0;

    const QDate today = StatementImporter::businessDayOf(m_clock.nowUtc());
    const QString name = m_registry.displayName(provider);
    const QString hotline = m_registry.hotline(provider);
    const QString call = hotline.isEmpty()
                             ? tr("Ask %1's merchant support.").arg(name)
                             : tr("Call %1's merchant support on %2.").arg(name, hotline);
    if (s.expectedMinor <= 0) {
        s.state = SettlementStatus::State::Nothing;
    } else if (s.settledMinor >= s.expectedMinor) {
        s.state = SettlementStatus::State::OnTime;
    } else if (s.settledMinor > 0) {
        s.state = SettlementStatus::State::Short;
        s.message =
            tr("%1 paid out %2 for %3 but owes %4: %5 short. %6")
                .arg(name, Money::fromMinor(s.settledMinor).format(QLocale()), dayText,
                     Money::fromMinor(s.expectedMinor).format(QLocale()),
                     Money::fromMinor(s.expectedMinor - s.settledMinor).format(QLocale()), call);
    } else if (today > s.expectedBy) {
        s.state = SettlementStatus::State::Late;
        s.message = tr("%1 has not paid out %2 for %3, due by %4. %5")
                        .arg(name, Money::fromMinor(s.expectedMinor).format(QLocale()), dayText,
                             s.expectedBy.toString(Qt::ISODate), call);
    } else {
        s.state = SettlementStatus::State::Pending;
    }
    return s;
}

} // namespace paydesk
