#pragma once

#include "core/ledger/ledger.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDate>
#include <QHash>
#include <QTimeZone>

namespace paydesk {

/// The journal for a range of store days, for an accountant: a general-journal CSV (one row per
/// posting, debit and credit columns) or a Beancount ledger (accounts opened, one transaction
/// per entry, CNY with two decimals). Days are derived from each entry's UTC instant in \a zone.
class JournalExporter
{
    Q_DECLARE_TR_FUNCTIONS(JournalExporter)
public:
    enum class Format { Csv, Beancount };

    struct Export
    {
        QByteArray text;
        int entries = 0;
        int postings = 0;
    };

    JournalExporter(const Ledger &ledger, QTimeZone zone);

    /// Entries whose store day is in [from, to]. Codes: reports.bad_range, and the ledger's.
    Result<Export> exportRange(QDate from, QDate to, Format format) const;

    static std::optional<Format> formatFromName(const QString &name);
    /// "clearing:alipay" of kind asset → "Assets:Clearing:Alipay"; always a valid Beancount name.
    static QString beancountAccount(const QString &code, const QString &kind);

private:
    QByteArray csv(const QList<JournalEntry> &entries) const;
    QByteArray beancount(const QList<JournalEntry> &entries, QDate from,
                         const QHash<QString, QString> &kinds) const;

    const Ledger &m_ledger;
    QTimeZone m_zone;
};

} // namespace paydesk
