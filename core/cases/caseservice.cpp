#include "core/cases/caseservice.h"

#include "core/cases/caserepository.h"
#include "core/cases/caseslog.h"
#include "core/cases/duplicatedetector.h"
#include "core/cases/issuelog.h"
#include "core/checkout/paymentexceptions.h"
#include "core/security/auditlog.h"
#include "core/security/session.h"
#include "core/storage/database.h"
#include "core/storage/transaction.h"

#include <QJsonArray>
#include <QJsonObject>

namespace paydesk {

CaseService::CaseService(Database &db, CaseRepository &cases, IssueLog &issues,
                         PaymentExceptions &exceptions, AuditLog &audit, QObject *parent)
    : QObject(parent), m_db(db), m_cases(cases), m_issues(issues), m_exceptions(exceptions),
      m_audit(audit)
{
}

void CaseService::attach(DuplicateDetector &detector)
{
    connect(&detector, &DuplicateDetector::caseDetected, this, &CaseService::onDetected);
}

QJsonObject CaseService::auditDetails(const Case &c)
{
    QJsonObject d{{QStringLiteral("case_id"), QString::number(c.id)},
                  {QStringLiteral("kind"), caseKindName(c.kind)},
                  {QStringLiteral("orders"), QJsonArray::fromStringList(c.orders())},
                  {QStringLiteral("refund_out_trade_no"), c.refundOutTradeNo},
                  {QStringLiteral("amount_minor"), QString::number(c.amount.minor())}};
    if (!c.payerHash.isEmpty())
        d.insert(QStringLiteral("payer_hash"), c.payerHash);
    return d;
}

void CaseService::onDetected(qint64 caseId, bool created)
{
    auto c = m_cases.byId(caseId);
    if (!c.ok() || !c.value()) {
        logIfFailed(c, lcCases(), "reading a new case");
        return;
    }
    QJsonObject details = auditDetails(*c.value());
    details.insert(QStringLiteral("detected_by"), c.value()->detectedBy);
    logIfFailed(m_audit.append(created ? QStringLiteral("case.opened")
                                       : QStringLiteral("case.strengthened"),
                               QString(), details),
                lcCases(), "audit of a case");
    logIfFailed(m_issues.linkCaseToIssuesOf(c.value()->orders(), caseId), lcCases(),
                "linking a case to complaints");
    emit caseChanged(caseId);
}

Status CaseService::checkReason(const QString &reason)
{
    const QString text = reason.trimmed();
    if (text.isEmpty())
        return Error{QStringLiteral("cases.no_reason"),
                     tr("Give a reason: what was checked, and why no refund is due (or how the "
                        "money went back).")};
    if (text.size() > MaxReasonLength)
        return Error{QStringLiteral("cases.reason_too_long"),
                     tr("The reason can have at most %n characters.", nullptr, MaxReasonLength)};
    return {};
}

Status CaseService::settleException(const Case &c)
{
    if (!c.paymentExceptionId)
        return {};
    auto open = m_exceptions.open();
    if (!open.ok())
        return open.error();
    for (const PaymentException &e : open.value())
        if (e.id == *c.paymentExceptionId)
            return m_exceptions.resolve(e.id);
    return {}; // settled already
}

Result<Case> CaseService::dismiss(qint64 caseId, const QString &reason, const Session &by)
{
    PAYDESK_TRY(by.authorize(Permission::ResolveCase));
    PAYDESK_TRY(checkReason(reason));
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    auto before = m_cases.byId(caseId);
    if (!before.ok())
        return before.error();
    if (!before.value())
        return Error{QStringLiteral("cases.no_such_case"), tr("There is no case %1.").arg(caseId)};
    PAYDESK_TRY(m_cases.markDismissed(caseId, by.operatorName(), reason.trimmed()));
    PAYDESK_TRY(settleException(*before.value()));
    QJsonObject details = auditDetails(*before.value());
    details.insert(QStringLiteral("reason"), reason.trimmed());
    PAYDESK_TRY(m_audit.append(QStringLiteral("case.dismissed"), by.operatorName(), details));
    auto after = m_cases.byId(caseId);
    if (!after.ok())
        return after.error();
    PAYDESK_TRY(tx.commit());
    emit caseChanged(caseId);
    return *after.value();
}

} // namespace paydesk
