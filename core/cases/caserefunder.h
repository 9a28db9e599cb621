#pragma once

#include "core/cases/case.h"
#include "core/util/result.h"

#include <QObject>

#include <functional>

namespace paydesk {

class AuditLog;
class CaseRepository;
class CaseService;
class Database;
class DuplicateDetector;
class IssueLog;
class OrderQueries;
class RefundService;
class Session;
class StoreSettings;
struct RefundRecord;

/// Resolves a case by refunding its later charge through RefundService, with the request
/// number refundRequestNoForCase(case id): the case is marked "refunding" with that number
/// before the refund is asked for, and a retried resolution (a second click, a second till, a
/// restart in between) asks RefundService for the same number again, which never pays out
/// twice. The case becomes "refunded" when the refund succeeds and opens again if the
/// provider refuses it. With the owner's setting (StoreSettings autoRefundDuplicates) the
/// clear case, two PAID orders for one sale, is refunded as soon as it is detected.
class CaseRefunder : public QObject
{
    Q_OBJECT
public:
    CaseRefunder(Database &db, CaseRepository &cases, CaseService &service, IssueLog &issues,
                 const OrderQueries &orders, AuditLog &audit, RefundService &refunds,
                 const StoreSettings *settings = nullptr, QObject *parent = nullptr);

    using Done = std::function<void(const Result<Case> &)>;

    /// Refunds case \a caseId's later charge. Needs Permission::ResolveCase and the refund
    /// authority for its amount (above the owner's limit: a fresh step-up). \a done gets the
    /// case as stored afterwards (refunded, or still refunding while the provider works).
    void resolve(qint64 caseId, const QString &reason, const Session &by, Done done);
    /// The refund authority \a by needs for case \a c (RefundApproval, \a by approving its own
    /// refund): security.step_up_required when a fresh second factor is needed first.
    Status approval(const Case &c, const Session &by) const;
    /// Refunds automatically when the owner allows it and \a caseId is two PAID for one sale.
    void autoResolve(qint64 caseId);
    /// Auto-refunds the clear cases \a detector opens (when the setting is on).
    void attach(DuplicateDetector &detector);
    /// Brings every "refunding" case up to date with its refund (at start, after Recovery).
    void refresh();

private:
    void start(const Case &c, const QString &reason, const QString &operatorName, Done done);
    void onRefundChanged(const RefundRecord &record);
    Status settle(qint64 caseId, const RefundRecord &record);

    Database &m_db;
    CaseRepository &m_cases;
    CaseService &m_service;
    IssueLog &m_issues;
    const OrderQueries &m_orders;
    AuditLog &m_audit;
    RefundService &m_refunds;
    const StoreSettings *m_settings;
};

} // namespace paydesk
