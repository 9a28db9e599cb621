#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace paydesk {

class AuditLog;
class Clock;
class Database;
class Session;
class SettingsStore;

/// A table column set that holds personal data (who a customer is), never money.
struct PersonalDataSource
{
    QString table;
    QString timeColumn;          ///< UTC ISO text; rows older than the cutoff are purged
    QStringList personalColumns; ///< set to NULL by a purge (must be nullable)
    QStringList matchColumns;    ///< compared with the subject (payer hash or phone) by export
};

/// Retention and subject access for personal data.
///
/// Built-in sources: security_payment_events.payer_hash and alerts.payer_hash. Other modules
/// register theirs (e.g. the customer issue log's contact columns) with addSource(); a source
/// whose table does not exist is skipped. The journal, postings and the audit log can never be
/// registered: a purge never touches money records.
///
/// Settings: privacy.retention_months (default 24; 0 keeps personal data forever).
class PrivacyService
{
    Q_DECLARE_TR_FUNCTIONS(PrivacyService)
public:
    PrivacyService(Database &db, SettingsStore &settings, AuditLog &audit, Clock &clock);

    Status addSource(const PersonalDataSource &source);
    QList<PersonalDataSource> sources() const { return m_sources; }

    int retentionMonths() const;
    /// Clears the personal columns of rows older than \a olderThan. Returns the rows changed.
    /// Audited as "privacy.purged" under \a operatorName.
    Result<int> purgePersonalData(const QDateTime &olderThan, const QString &operatorName);
    /// purgePersonalData() with the cutoff from privacy.retention_months (nothing when 0).
    Result<int> purgeExpired(const QString &operatorName);

    /// Everything stored about one customer, by payer hash or phone number (already in the form
    /// the sources store). Needs Permission::ExportData with a fresh step-up; audited.
    /// Shape: {"subject", "generated_at", "operator", "records": {table: [row objects]}}.
    Result<QJsonObject> exportCustomerData(const Session &by, const QString &subject);

private:
    bool tableExists(const QString &table) const;

    Database &m_db;
    SettingsStore &m_settings;
    AuditLog &m_audit;
    Clock &m_clock;
    QList<PersonalDataSource> m_sources;
};

} // namespace paydesk
