#include "core/books/statementimporter.h"

#include "core/books/statementfiles.h"

#include "core/crypto/crypto.h"
#include "core/ledger/ledger.h"
#include "core/providers/providerregistry.h"
#include "core/storage/database.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QMap>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

const QString kTrade = u"trade"_s;

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

QVariant isoOrNull(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toUTC().toString(Qt::ISODate)) : QVariant();
}

// What the lines say, whatever wrapper they came in: a provider may serve the same day's lines
// in a new zip (new timestamps) each time.
QString linesFingerprint(const QList<StatementLine> &lines)
{
    QByteArray data;
    for (const StatementLine &l : lines) {
        const QStringList fields{QString::number(int(l.kind)),
                                 l.transactionId,
                                 l.outTradeNo,
                                 l.outRequestNo,
                                 l.createdAt.toString(Qt::ISODate),
                                 l.finishedAt.toString(Qt::ISODate),
                                 QString::number(l.amount.minor()),
                                 QString::number(l.received.minor()),
                                 QString::number(l.fee.minor()),
                                 l.storeId,
                                 l.subject};
        data += fields.join(QChar(0x1f)).toUtf8() + '\x1e';
    }
    return QString::fromLatin1(crypto::sha256(data).toHex());
}

} // namespace

StatementImporter::StatementImporter(Database &db, Ledger &ledger, const ProviderRegistry &registry,
                                     const Clock &clock)
    : m_db(db), m_ledger(ledger), m_registry(registry), m_clock(clock)
{
}

QDate StatementImporter::businessDayOf(const QDateTime &utc)
{
    return utc.toTimeZone(QTimeZone("Asia/Shanghai")).date();
}

Result<StatementImport> StatementImporter::importDownloaded(const QString &provider,
                                                            const StatementReply &reply,
                                                            const QString &operatorName)
{
    if (!reply.status.ok())
        return Error{u"statement.download_failed"_s,
                     tr("The statement of %1 for %2 could not be downloaded: %3")
                         .arg(m_registry.displayName(provider), reply.day.toString(Qt::ISODate),
                              reply.status.message)};
    if (!reply.day.isValid())
        return Error{u"statement.no_day"_s, tr("The downloaded statement names no business day.")};
    if (!reply.sha256.isEmpty() && crypto::sha256(reply.rawFile) != reply.sha256)
        return Error{u"statement.hash_mismatch"_s,
                     tr("The statement of %1 for %2 does not match its checksum: nothing was "
                        "imported. Download it again.")
                         .arg(m_registry.displayName(provider), reply.day.toString(Qt::ISODate))};
    return store(provider, reply.day, u"download"_s, reply.rawFile, {}, reply.lines, operatorName);
}

Result<StatementImport> StatementImporter::importFile(const QString &provider,
                                                      const QByteArray &raw,
                                                      std::optional<QDate> day,
                                                      const QString &operatorName)
{
    if (raw.isEmpty())
        return Error{u"statement.empty_file"_s, tr("The statement file is empty.")};
    QString chosen = provider;
    std::optional<Result<QList<StatementLine>>> parsed;
    if (!provider.isEmpty()) {
        const ProviderDescriptor *d = m_registry.find(provider);
        if (!d)
            return Error{u"statement.unknown_provider"_s,
                         tr("There is no payment provider \"%1\".").arg(provider)};
        if (!d->parseTradeStatement)
            return Error{u"statement.not_supported"_s,
                         tr("Paydesk cannot read statements of %1.").arg(d->displayName())};
        parsed = d->parseTradeStatement(raw);
    } else {
        Error first{u"statement.unrecognised"_s,
                    tr("The file is not a statement of any provider Paydesk knows.")};
        for (const QString &id : m_registry.ids()) {
            const ProviderDescriptor *d = m_registry.find(id);
            if (!d || !d->parseTradeStatement)
                continue;
            auto attempt = d->parseTradeStatement(raw);
            if (attempt.ok()) {
                chosen = id;
                parsed = std::move(attempt);
                break;
            }
        }
        if (!parsed)
            return first;
    }
    if (!parsed->ok())
        return Error{parsed->error().code,
                     tr("The statement file was refused, nothing was imported: %1")
                         .arg(parsed->error().message)};
    const QList<StatementLine> &lines = parsed->value();

    QDate businessDay = day.value_or(QDate());
    if (!businessDay.isValid()) {
        QList<QDateTime> finished;
        for (const StatementLine &l : lines)
            finished << (l.finishedAt.isValid() ? l.finishedAt : l.createdAt);
        businessDay = mostCommonBusinessDay(finished);
        if (!businessDay.isValid())
            return Error{u"statement.no_day"_s,
                         tr("The statement has no lines to tell its business day: give the day "
                            "(--date).")};
    }
    return store(chosen, businessDay, u"file"_s, raw, {}, lines, operatorName);
}

Result<std::optional<QDate>> StatementImporter::lastImportedDay(const QString &provider) const
{
    return latestArchivedDay(m_db, provider, kTrade);
}

Result<StatementImport> StatementImporter::store(const QString &provider, const QDate &day,
                                                 const QString &source, const QByteArray &raw,
                                                 const QByteArray &providerHash,
                                                 const QList<StatementLine> &lines,
                                                 const QString &operatorName)
{
    StatementImport out;
    out.provider = provider;
    out.businessDay = day;
    out.lines = int(lines.size());
    out.fileSha256 = QString::fromLatin1(crypto::sha256(raw).toHex());
    const QString dayText = day.toString(Qt::ISODate);

    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    const QString fingerprint = linesFingerprint(lines);
    auto existing = findArchivedStatement(m_db, provider, day, kTrade);
    PAYDESK_TRY(existing);
    if (const auto &archived = existing.value()) {
        if (archived->sameAs(out.fileSha256, fingerprint)) {
            out.alreadyImported = true;
            out.fileId = archived->id;
            out.lines = archived->lineCount;
            return out;
        }
        return Error{u"statement.day_conflict"_s,
                     tr("A different statement of %1 for %2 is already imported: this file was "
                        "refused. Statements are kept as first imported; check which one the "
                        "provider serves now.")
                         .arg(m_registry.displayName(provider), dayText)};
    }

    auto file = m_db.exec(
        u"INSERT INTO statement_files(provider, business_day, kind, source, sha256,"
        " provider_hash, raw, line_count, imported_at, operator, lines_sha256)"
        " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
        {provider, dayText, kTrade, source, out.fileSha256,
         providerHash.isEmpty() ? QVariant() : QVariant(QString::fromLatin1(providerHash)), raw,
         out.lines, m_clock.nowUtc().toString(Qt::ISODateWithMs), textOrNull(operatorName),
         fingerprint});
    if (!file.ok())
        return file.error();
    out.fileId = file.value().lastInsertId().toLongLong();

    const QString clearing = u"clearing:"_s + provider;
    PAYDESK_TRY(m_ledger.ensureAccount(clearing, u"asset"_s,
                                       u"Owed by %1"_s.arg(m_registry.displayName(provider))));

    QSqlQuery insert(m_db.connection());
    if (!insert.prepare(
            u"INSERT INTO statement_lines(file_id, provider, business_day, line_no, kind,"
            " transaction_id, out_trade_no, out_request_no, created_at, finished_at,"
            " amount_minor, received_minor, fee_minor, store_id, subject, fee_entry_id)"
            " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s))
        return m_db.sqlFailure(u"statement lines"_s, insert.lastError());
    int lineNo = 0;
    for (const StatementLine &l : lines) {
        ++lineNo;
        const bool refund = l.kind == StatementLine::Kind::Refund;
        QVariant feeEntry;
        if (l.fee.minor() != 0) {
            // Per line, referenced to it: "fee:<provider>:<day>:<line>". A returned fee (a
            // negative one on a refund) posts the other way round.
            const QString reference = u"fee:%1:%2:%3"_s.arg(provider, dayText).arg(lineNo);
            auto posted = m_ledger.post(
                refund ? tr("Fee returned on refund %1 of %2").arg(l.outRequestNo, l.outTradeNo)
                       : tr("Fee on payment %1").arg(l.outTradeNo),
                {{u"expense:fees"_s, l.fee.minor()}, {clearing, -l.fee.minor()}}, reference,
                operatorName);
            if (!posted.ok())
                return posted.error();
            feeEntry = posted.value();
            out.feesMinor += l.fee.minor();
            ++out.feeEntries;
        }
        const QVariantList binds{out.fileId,
                                 provider,
                                 dayText,
                                 lineNo,
                                 refund ? u"refund"_s : u"payment"_s,
                                 textOrNull(l.transactionId),
                                 l.outTradeNo,
                                 textOrNull(l.outRequestNo),
                                 isoOrNull(l.createdAt),
                                 isoOrNull(l.finishedAt),
                                 l.amount.minor(),
                                 l.received.minor(),
                                 l.fee.minor(),
                                 textOrNull(l.storeId),
                                 textOrNull(l.subject),
                                 feeEntry};
        for (int i = 0; i < binds.size(); ++i)
            insert.bindValue(i, binds.at(i));
        if (!insert.exec()) {
            const Error why = m_db.sqlFailure(u"statement line"_s, insert.lastError());
            if (Database::isDiskProblem(why))
                return Error{why.code,
                             tr("Nothing of the statement was imported: %1").arg(why.message)};
            return Error{u"statement.line_refused"_s,
                         tr("Line %1 of the statement was refused, nothing was imported: %2")
                             .arg(lineNo)
                             .arg(insert.lastError().text())};
        }
    }
    PAYDESK_TRY(tx.commit());
    qCInfo(lcLedger) << "statement" << provider << dayText << source << out.lines << "lines,"
                     << out.feeEntries << "fee entries";
    return out;
}

} // namespace paydesk
