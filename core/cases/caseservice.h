#pragma once

#include "core/cases/case.h"
#include "core/util/result.h"

#include <QJsonObject>
#include <QObject>

namespace paydesk {

class AuditLog;
class CaseRepository;
class Database;
class DuplicateDetector;
class IssueLog;
class PaymentExceptions;
class Session;

/// The bookkeeping of cases: every case opened is audited ("case.opened") and linked to the
/// complaints about its orders; a case is dismissed with a reason by someone allowed to resolve
/// cases ("case.dismissed"), which also settles the payment exception it came from. Resolution
/// by refund is CaseRefunder's.
class CaseService : public QObject
{
    Q_OBJECT
public:
    CaseService(Database &db, CaseRepository &cases, IssueLog &issues,
                PaymentExceptions &exceptions, AuditLog &audit, QObject *parent = nullptr);

    /// Audits and links the cases \a detector opens.
    void attach(DuplicateDetector &detector);

    static constexpr int MaxReasonLength = 500;
    /// Checks a resolution's reason: required, at most MaxReasonLength characters.
    static Status checkReason(const QString &reason);

    /// Closes an open case without a refund. Needs Permission::ResolveCase and a reason.
    Result<Case> dismiss(qint64 caseId, const QString &reason, const Session &by);
    /// Settles the payment exception \a c came from, if any is still open (part of the
    /// caller's transaction).
    Status settleException(const Case &c);
    /// The audit entry's details for \a c.
    static QJsonObject auditDetails(const Case &c);

signals:
    /// A case was opened, strengthened or resolved.
    void caseChanged(qint64 caseId);

private:
    void onDetected(qint64 caseId, bool created);

    Database &m_db;
    CaseRepository &m_cases;
    IssueLog &m_issues;
    PaymentExceptions &m_exceptions;
    AuditLog &m_audit;
};

} // namespace paydesk
