#include "core/books/settlementtracker.h"

#include "core/books/statementfiles.h"
#include "core/books/statementimporter.h"
#include "core/crypto/crypto.h"
#include "core/ledger/ledger.h"
#include "core/money/money.h"
#include "core/providers/providerregistry.h"
#include "core/storage/database.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QLocale>
#include <QMap>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

const QString kFund = u"fund"_s;

// What the payouts say, whatever wrapper they came in (a provider may zip the day anew).
QString payoutsFingerprint(const QList<Payout> &payouts)
{
    QByteArray data;
    for (const Payout &p : payouts)
        data += QStringList{p.reference, p.coversDay.toString(Qt::ISODate),
                            p.paidAt.toUTC().toString(Qt::ISODate), QString::number(p.amountMinor)}
                    .join(QChar(0x1f))
                    .toUtf8() +
                '\x1e';
    return QString::fromLatin1(crypto::sha256(data).toHex());
}

} // namespace

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

Result<FundImport> SettlementTracker::importFundStatement(const QString &provider,
                                                          const FundStatementReply &reply)
{
    return storeFund(provider, reply, u"download"_s, {});
}

Result<std::optional<FundImport>> SettlementTracker::importFundFile(const QString &provider,
                                                                    const QByteArray &raw,
                                                                    std::optional<QDate> day,
                                                                    const QString &operatorName)
{
    // Which provider's fund-flow format it is: the one named, else the first parser that
    // reads it. None: not a fund-flow statement (the caller has a better refusal to give).
    QString chosen;
    std::optional<QList<Payout>> payouts;
    const QStringList candidates = provider.isEmpty() ? m_registry.ids() : QStringList{provider};
    for (const QString &id : candidates) {
        const ProviderDescriptor *d = m_registry.find(id);
        if (!d || !d->parseFundStatement)
            continue;
        auto parsed = d->parseFundStatement(raw);
        if (parsed.ok()) {
            chosen = id;
            payouts = std::move(parsed).value();
            break;
        }
    }
    if (!payouts)
        return std::optional<FundImport>();
    FundStatementReply reply;
    reply.status.kind = ProviderStatus::Kind::Ok; // read from the file, not downloaded
    reply.rawFile = raw;
    reply.payouts = *payouts;
    // The day the movements were booked: given, else the day (providers' zone) most payouts
    // were paid on.
    reply.day = day.value_or(QDate());
    if (!reply.day.isValid()) {
        QList<QDateTime> paid;
        for (const Payout &p : reply.payouts)
            paid << p.paidAt;
        reply.day = mostCommonBusinessDay(paid);
    }
    if (!reply.day.isValid())
        return Error{u"statement.no_day"_s,
                     tr("The fund statement has no payout to tell its day: give the day "
                        "(--date).")};
    auto stored = storeFund(chosen, reply, u"file"_s, operatorName);
    if (!stored.ok())
        return stored.error();
    return std::optional<FundImport>(std::move(stored).value());
}

Result<FundImport> SettlementTracker::storeFund(const QString &provider,
                                                const FundStatementReply &reply,
                                                const QString &source, const QString &operatorName)
{
    const QString name = m_registry.displayName(provider);
    if (!reply.status.ok())
        return Error{u"settlement.download_failed"_s,
                     tr("The fund statement of %1 for %2 could not be downloaded: %3")
                         .arg(name, reply.day.toString(Qt::ISODate), reply.status.message)};
    if (!reply.day.isValid())
        return Error{u"statement.no_day"_s,
                     tr("The downloaded fund statement names no business day.")};
    if (!reply.sha256.isEmpty() && crypto::sha256(reply.rawFile) != reply.sha256)
        return Error{u"statement.hash_mismatch"_s,
                     tr("The fund statement of %1 for %2 does not match its checksum: nothing "
                        "was imported. Download it again.")
                         .arg(name, reply.day.toString(Qt::ISODate))};
    FundImport out;
    out.provider = provider;
    out.day = reply.day;
    out.payouts = int(reply.payouts.size());
    out.fileSha256 = QString::fromLatin1(crypto::sha256(reply.rawFile).toHex());
    const QString dayText = reply.day.toString(Qt::ISODate);
    const QString fingerprint = payoutsFingerprint(reply.payouts);

    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    auto existing = findArchivedStatement(m_db, provider, reply.day, kFund);
    PAYDESK_TRY(existing);
    if (const auto &archived = existing.value()) {
        if (archived->sameAs(out.fileSha256, fingerprint)) {
            out.alreadyImported = true;
            out.fileId = archived->id;
            return out;
        }
        return Error{u"statement.day_conflict"_s,
                     tr("A different fund statement of %1 for %2 is already imported: this one "
                        "was refused. Statements are kept as first imported; check which one "
                        "the provider serves now.")
                         .arg(name, dayText)};
    }
    auto file =
        m_db.exec(u"INSERT INTO statement_files(provider, business_day, kind, source, sha256,"
                  " provider_hash, raw, line_count, imported_at, operator, lines_sha256)"
                  " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                  {provider, dayText, kFund, source, out.fileSha256,
                   reply.providerHash.isEmpty() ? QVariant()
                                                : QVariant(QString::fromLatin1(reply.providerHash)),
                   reply.rawFile, out.payouts, m_clock.nowUtc().toString(Qt::ISODateWithMs),
                   operatorName.isEmpty() ? QVariant() : QVariant(operatorName), fingerprint});
    if (!file.ok())
        return file.error();
    out.fileId = file.value().lastInsertId().toLongLong();
    for (const Payout &p : reply.payouts) {
        if (p.provider != provider)
            return Error{u"settlement.invalid"_s,
                         tr("A payout of the fund statement belongs to another provider.")};
        auto recorded = recordPayout(p, out.fileId);
        if (!recorded.ok())
            return recorded.error();
        if (recorded.value()) {
            ++out.recorded;
            out.recordedMinor += p.amountMinor;
        }
    }
    PAYDESK_TRY(tx.commit());
    qCInfo(lcLedger) << "fund statement" << provider << dayText << out.payouts << "payouts,"
                     << out.recorded << "booked";
    return out;
}

bool SettlementTracker::hasFundStatements(const QString &provider) const
{
    const ProviderDescriptor *d = m_registry.find(provider);
    return d && d->capabilities.fundStatements;
}

Result<std::optional<QDate>> SettlementTracker::lastFundDay(const QString &provider) const
{
    return latestArchivedDay(m_db, provider, kFund);
}

Result<QList<SettlementStatus>>
SettlementTracker::statuses(const QString &provider, const QDate &from, const QDate &to) const
{
    auto days =
        m_db.exec(u"SELECT business_day FROM statement_files WHERE provider = ? AND"
                  " kind = 'trade' AND business_day BETWEEN ? AND ? ORDER BY business_day"_s,
                  {provider, from.toString(Qt::ISODate), to.toString(Qt::ISODate)});
    if (!days.ok())
        return days.error();
    QList<QDate> list;
    while (days.value().next())
        list.append(QDate::fromString(days.value().value(0).toString(), Qt::ISODate));
    QList<SettlementStatus> out;
    for (const QDate &d : std::as_const(list)) {
        auto s = status(provider, d);
        if (!s.ok())
            return s.error();
        out.append(s.value());
    }
    return out;
}

QString SettlementTracker::stateName(SettlementStatus::State state)
{
    switch (state) {
    case SettlementStatus::State::Pending:
        return u"pending"_s;
    case SettlementStatus::State::OnTime:
        return u"on_time"_s;
    case SettlementStatus::State::Late:
        return u"late"_s;
    case SettlementStatus::State::Short:
        return u"short"_s;
    case SettlementStatus::State::Nothing:
        break;
    }
    return u"nothing"_s;
}

QString SettlementTracker::describe(const SettlementStatus &s, const QString &providerName)
{
    const QString day = s.day.toString(Qt::ISODate);
    const QString expected = Money::fromMinor(s.expectedMinor).format(QLocale());
    const QString settled = Money::fromMinor(s.settledMinor).format(QLocale());
    switch (s.state) {
    case SettlementStatus::State::Pending:
        return tr("%1 %2: %3 expected by %4, not due yet.")
            .arg(providerName, day, expected, s.expectedBy.toString(Qt::ISODate));
    case SettlementStatus::State::OnTime:
        return tr("%1 %2: %3 expected, %4 received, settled.")
            .arg(providerName, day, expected, settled);
    case SettlementStatus::State::Late:
        return tr("%1 %2: LATE. %3").arg(providerName, day, s.message);
    case SettlementStatus::State::Short:
        return tr("%1 %2: SHORT. %3").arg(providerName, day, s.message);
    case SettlementStatus::State::Nothing:
        break;
    }
    return tr("%1 %2: no payout due.").arg(providerName, day);
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
