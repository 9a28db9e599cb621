#pragma once

#include "core/providers/paymentprovider.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QDate>
#include <QString>

#include <optional>

namespace paydesk {

class Clock;
class Database;
class Ledger;
class ProviderRegistry;

/// What importing one statement file did.
struct StatementImport
{
    QString provider;
    QDate businessDay;
    int lines = 0;
    QString fileSha256;           ///< lower-case hex of the raw file
    bool alreadyImported = false; ///< the same file was imported before: nothing done
    qint64 fileId = 0;            ///< statement_files.id
    qint64 feesMinor = 0;         ///< fees posted by this import (charged minus returned)
    int feeEntries = 0;           ///< journal entries posted for fees
};

/// Stores a provider's trade statement for one business day (docs/BOOKS.md): the raw file in
/// statement_files, every line in statement_lines and, per line with a fee, the fee posting
/// (debit expense:fees, credit clearing:<provider>; a returned fee the other way), all in ONE
/// transaction. A broken file is refused and leaves nothing behind; the same file again is a
/// no-op reported as already imported; a different file for a day already imported is refused.
class StatementImporter
{
    Q_DECLARE_TR_FUNCTIONS(StatementImporter)
public:
    StatementImporter(Database &db, Ledger &ledger, const ProviderRegistry &registry,
                      const Clock &clock);

    /// A statement the adapter downloaded (already parsed, its checksum checked by the adapter
    /// where the provider gives one); the raw file's sha256 is checked against the reply's.
    /// statement_files.provider_hash stays empty until StatementReply carries the provider's.
    Result<StatementImport> importDownloaded(const QString &provider, const StatementReply &reply,
                                             const QString &operatorName = {});

    /// A file the owner downloaded by hand from the provider's merchant portal. With no
    /// \a provider, every registered parser is tried and the one that reads it wins. With no
    /// \a day, the business day (Asia/Shanghai) most of its lines finished on.
    Result<StatementImport> importFile(const QString &provider, const QByteArray &raw,
                                       std::optional<QDate> day = std::nullopt,
                                       const QString &operatorName = {});

    /// The latest business day with a trade statement of \a provider; none before the first.
    Result<std::optional<QDate>> lastImportedDay(const QString &provider) const;

    /// The business day of \a utc in the providers' zone (Asia/Shanghai).
    static QDate businessDayOf(const QDateTime &utc);

private:
    Result<StatementImport> store(const QString &provider, const QDate &day, const QString &source,
                                  const QByteArray &raw, const QByteArray &providerHash,
                                  const QList<StatementLine> &lines, const QString &operatorName);

    Database &m_db;
    Ledger &m_ledger;
    const ProviderRegistry &m_registry;
    const Clock &m_clock;
};

} // namespace paydesk
