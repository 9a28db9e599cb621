#include "core/cases/caserefunder.h"

#include "core/cases/caserepository.h"
#include "core/cases/caseservice.h"
#include "core/cases/caseslog.h"
#include "core/cases/duplicatedetector.h"
#include "core/cases/issuelog.h"
#include "core/orders/orderqueries.h"
#include "core/refunds/refundapproval.h"
#include "core/refunds/refundservice.h"
#include "core/security/auditlog.h"
#include "core/security/session.h"
#include "core/settings/storesettings.h"
#include "core/storage/database.h"
#include "core/storage/transaction.h"

#include <QJsonObject>
#include <QPointer>

namespace paydesk {

namespace {
/// Who the audit log names for a refund the owner's setting made.
const QString kAutoOperator = QStringLiteral("auto:cases.auto_refund_duplicates");
} // namespace

CaseRefunder::CaseRefunder(Database &db, CaseRepository &cases, CaseService &service,
                           IssueLog &issues, const OrderQueries &orders, AuditLog &audit,
                           RefundService &refunds, const StoreSettings *settings, QObject *parent)
    : QObject(parent), m_db(db), m_cases(cases), m_service(service), m_issues(issues),
      m_orders(orders), m_audit(audit), m_refunds(refunds), m_settings(settings)
{
    connect(&m_refunds, &RefundService::refundChanged, this, &CaseRefunder::onRefundChanged);
}

void CaseRefunder::attach(DuplicateDetector &detector)
{
    connect(&detector, &DuplicateDetector::caseDetected, this,
            [this](qint64 caseId, bool) { autoResolve(caseId); });
}

void CaseRefunder::resolve(qint64 caseId, const QString &reason, const Session &by, Done done)
{
    auto checked = [&]() -> Result<Case> {
        PAYDESK_TRY(by.authorize(Permission::ResolveCase));
        PAYDESK_TRY(CaseService::checkReason(reason));
        auto c = m_cases.byId(caseId);
        if (!c.ok())
            return c.error();
        if (!c.value())
            return Error{QStringLiteral("cases.no_such_case"),
                         tr("There is no case %1.").arg(caseId)};
        PAYDESK_TRY(approval(*c.value(), by));
        return *c.value();
    }();
    if (!checked.ok()) {
        done(checked.error());
        return;
    }
    start(checked.value(), reason.trimmed(), by.operatorName(), std::move(done));
}

Status CaseRefunder::approval(const Case &c, const Session &by) const
{
    RefundApproval::Rules rules;
    if (m_settings) {
        const StoreSettings::Values v = m_settings->values();
        rules.limit = v.refundLimit;
        rules.cashierNeedsApproval = v.cashierRefundsNeedApproval;
    }
    return RefundApproval(rules).authorize(by, c.amount, &by);
}

void CaseRefunder::autoResolve(qint64 caseId)
{
    if (!m_settings || !m_settings->values().autoRefundDuplicates)
        return;
    auto c = m_cases.byId(caseId);
    if (!c.ok() || !c.value() || !c.value()->isOpen() || c.value()->kind != CaseKind::DuplicateSale)
        return;
    qCInfo(lcCases) << "auto-refund of case" << caseId << "(owner's setting)";
    start(*c.value(), tr("Charged twice for one sale: refunded automatically (owner's setting)."),
          kAutoOperator, [caseId](const Result<Case> &r) {
              if (!r.ok())
                  qCWarning(lcCases)
                      << "auto-refund of case" << caseId << "failed:" << r.error().message;
          });
}

void CaseRefunder::start(const Case &c, const QString &reason, const QString &operatorName,
                         Done done)
{
    if (!c.refundable())
        return done(Error{QStringLiteral("cases.not_refundable"),
                          tr("The till did not book this payment, so it cannot refund it. Check "
                             "it with the provider and dismiss the case with what was done.")});
    if (c.status == CaseStatus::Refunded || c.status == CaseStatus::Dismissed)
        return done(
            Error{QStringLiteral("cases.resolved"),
                  tr("Case %1 is already %2.")
                      .arg(c.id)
                      .arg(c.status == CaseStatus::Refunded ? tr("refunded") : tr("dismissed"))});
    auto order = m_orders.byOutTradeNo(c.refundOutTradeNo);
    if (!order.ok())
        return done(order.error());
    if (!order.value())
        return done(Error{QStringLiteral("cases.no_order"),
                          tr("Order %1 is not on this till.").arg(c.refundOutTradeNo)});
    const qint64 orderId = order.value()->id;
    const QString requestNo = refundRequestNoForCase(c.id);
    // A retry asks again for the refund already decided; a first attempt for what is left.
    const auto existing = m_refunds.find(requestNo);
    Money amount = existing ? existing->amount : c.amount;
    if (!existing) {
        const Money remainder = m_refunds.refundableRemainder(orderId);
        if (remainder.minor() < amount.minor())
            amount = remainder;
        if (amount.minor() <= 0)
            return done(Error{QStringLiteral("cases.nothing_to_refund"),
                              tr("Nothing is left to refund on order %1 (it was refunded another "
                                 "way). Dismiss the case and say so.")
                                  .arg(c.refundOutTradeNo)});
    }
    if (c.status == CaseStatus::Open) {
        Transaction tx(m_db);
        Status marked = tx.began();
        if (marked.ok())
            marked = m_cases.markRefunding(c.id, requestNo, operatorName, reason);
        if (marked.ok()) {
            QJsonObject details = CaseService::auditDetails(c);
            details.insert(QStringLiteral("out_request_no"), requestNo);
            details.insert(QStringLiteral("refund_minor"), QString::number(amount.minor()));
            details.insert(QStringLiteral("reason"), reason);
            marked =
                m_audit.append(QStringLiteral("case.refund_requested"), operatorName, details).ok()
                    ? tx.commit()
                    : Status(Error{QStringLiteral("cases.audit"),
                                   tr("The refund could not be recorded in the audit log; "
                                      "nothing was refunded.")});
        }
        if (!marked.ok())
            return done(marked.error());
        auto issues = m_issues.forCase(c.id);
        if (issues.ok())
            for (const CustomerIssue &i : issues.value())
                logIfFailed(m_issues.linkRefund(i.id, requestNo), lcCases(), "issue ↔ refund");
        emit m_service.caseChanged(c.id);
    }
    RefundInput input;
    input.orderId = orderId;
    input.amount = amount;
    input.reason = reason.isEmpty() ? c.reason : reason;
    input.outRequestNo = requestNo;
    input.operatorName = operatorName;
    QPointer<CaseRefunder> self(this);
    const qint64 caseId = c.id;
    m_refunds.refund(input, [self, caseId, requestNo, done](const Result<RefundRecord> &r) {
        if (!self)
            return;
        if (!r.ok()) {
            // Refused before anything was decided: the case can be resolved again.
            if (!self->m_refunds.find(requestNo))
                logIfFailed(self->m_cases.reopen(caseId, r.error().message), lcCases(),
                            "reopening a case");
            emit self->m_service.caseChanged(caseId);
            done(r.error());
            return;
        }
        logIfFailed(self->settle(caseId, r.value()), lcCases(), "settling a case");
        auto now = self->m_cases.byId(caseId);
        if (!now.ok())
            return done(now.error());
        done(*now.value());
    });
}

Status CaseRefunder::settle(qint64 caseId, const RefundRecord &record)
{
    if (!record.isFinal())
        return {};
    auto c = m_cases.byId(caseId);
    if (!c.ok())
        return c.error();
    if (!c.value() || c.value()->status != CaseStatus::Refunding)
        return {}; // settled already (the signal and the callback both report the end)
    const bool success = record.status == QLatin1String("SUCCESS");
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    if (success) {
        PAYDESK_TRY(m_cases.markRefunded(caseId, record.message));
        PAYDESK_TRY(m_service.settleException(*c.value()));
    } else {
        PAYDESK_TRY(m_cases.reopen(caseId, record.message));
    }
    QJsonObject details = CaseService::auditDetails(*c.value());
    details.insert(QStringLiteral("out_request_no"), record.outRequestNo);
    details.insert(QStringLiteral("refund_minor"), QString::number(record.amount.minor()));
    details.insert(QStringLiteral("refund_id"), record.refundId);
    if (!success)
        details.insert(QStringLiteral("message"), record.message);
    PAYDESK_TRY(m_audit.append(success ? QStringLiteral("case.refunded")
                                       : QStringLiteral("case.refund_failed"),
                               record.operatorName, details));
    PAYDESK_TRY(tx.commit());
    emit m_service.caseChanged(caseId);
    return {};
}

void CaseRefunder::onRefundChanged(const RefundRecord &record)
{
    if (!record.isFinal())
        return;
    auto c = m_cases.byRefundRequestNo(record.outRequestNo);
    if (!c.ok() || !c.value())
        return;
    logIfFailed(settle(c.value()->id, record), lcCases(), "settling a case");
}

void CaseRefunder::refresh()
{
    auto open = m_cases.list(true);
    if (!open.ok()) {
        logIfFailed(open, lcCases(), "reading cases");
        return;
    }
    for (const Case &c : open.value()) {
        if (c.status != CaseStatus::Refunding)
            continue;
        if (const auto record = m_refunds.find(c.refundOutRequestNo)) {
            logIfFailed(settle(c.id, *record), lcCases(), "settling a case");
            continue;
        }
        // Marked "refunding" but the refund was never decided (the till stopped in between):
        // ask for it now, with the same request number.
        start(c, c.reason, c.resolvedBy, [id = c.id](const Result<Case> &r) {
            if (!r.ok())
                qCWarning(lcCases) << "case" << id << "refund not restarted:" << r.error().message;
        });
    }
}

} // namespace paydesk
