#pragma once

#include "core/cases/paymentlookup.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>

#include <optional>

namespace paydesk {

class AuditLog;
class Clock;
class Database;

/// One complaint: what the customer reports, what the cashier checked and what was done.
struct CustomerIssue
{
    enum class Report { PaymentFailed, ChargedTwice, RefundNotReceived, Other };
    /// The checklist the cashier follows, in order.
    enum class Step { LookedUp, MoneyConfirmed, RefundedOrExplained, ProviderContacted };

    qint64 id = 0;
    QString outTradeNo; ///< empty: logged on its own
    Report reported = Report::Other;
    QString description;
    QString contact; ///< optional, minimal (a phone number or a name); cleared by retention
    bool open = true;
    bool lookedUp = false;
    bool moneyConfirmed = false;
    bool refundedOrExplained = false;
    bool providerContacted = false;
    std::optional<MoneyCheck::Moved> moneyMoved;
    QString outcome; ///< what was done, required to resolve
    QString createdBy;
    QDateTime createdAt; ///< UTC
    QDateTime updatedAt;
    QString resolvedBy;
    QDateTime resolvedAt;
    QList<qint64> caseIds;
    QStringList refundRequestNos;

    bool step(Step s) const;
};

QString issueReportName(CustomerIssue::Report report); ///< "payment_failed", ...
std::optional<CustomerIssue::Report> issueReportFromName(QStringView name);
QList<CustomerIssue::Report> allIssueReports();

/// What the cashier types when a customer complains.
struct NewIssue
{
    QString outTradeNo;
    CustomerIssue::Report reported = CustomerIssue::Report::Other;
    QString description;
    QString contact;
};

/// The customer issue log (tables customer_issues, customer_issue_links; migration 0009). Every
/// change is audited ("issue.opened", "issue.updated", "issue.resolved", "issue.exported"); the
/// contact is never written to the audit log or the CSV.
class IssueLog : public QObject
{
    Q_OBJECT
public:
    IssueLog(Database &db, AuditLog &audit, const Clock &clock, QObject *parent = nullptr);

    static constexpr int MaxContactLength = 64;
    static constexpr int MaxTextLength = 2000;

    static QString reportDisplayName(CustomerIssue::Report report);
    static QString stepDisplayName(CustomerIssue::Step step);

    /// Logs a complaint; one about an order is linked to that order's cases at once.
    Result<CustomerIssue> open(const NewIssue &issue, const QString &operatorName);
    Status setStep(qint64 id, CustomerIssue::Step step, bool done, const QString &operatorName);
    /// Records the provider's answer (and ticks "confirm whether money moved").
    Status setMoneyMoved(qint64 id, MoneyCheck::Moved moved, const QString &operatorName);
    Status linkCase(qint64 id, qint64 caseId);
    Status linkRefund(qint64 id, const QString &outRequestNo);
    /// Links every open issue about one of \a outTradeNos to case \a caseId.
    Status linkCaseToIssuesOf(const QStringList &outTradeNos, qint64 caseId);
    /// Closes the issue with what was done (required).
    Status resolve(qint64 id, const QString &outcome, const QString &operatorName);

    Result<std::optional<CustomerIssue>> byId(qint64 id) const;
    /// Newest first; \a openOnly leaves out resolved ones.
    Result<QList<CustomerIssue>> list(bool openOnly = false) const;
    /// The open issues linked to case \a caseId.
    Result<QList<CustomerIssue>> forCase(qint64 caseId) const;

    /// RFC 4180 CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese),
    /// one row per issue, no contact column; a cell that a spreadsheet would run as a formula
    /// is quoted with a leading apostrophe. Audited as "issue.exported".
    Result<QByteArray> exportCsv(const QList<CustomerIssue> &issues, const QString &operatorName);
    static QByteArray toCsv(const QList<CustomerIssue> &issues);

signals:
    void changed(qint64 id);

private:
    Status update(qint64 id, const QString &set, const QVariantList &binds,
                  const QString &operatorName, const QJsonObject &details);
    Result<QList<CustomerIssue>> select(const QString &where, const QVariantList &binds) const;

    Database &m_db;
    AuditLog &m_audit;
    const Clock &m_clock;
};

} // namespace paydesk
