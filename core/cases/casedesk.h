#pragma once

#include "core/checkout/checkoutconfig.h"

#include <memory>

namespace paydesk {

class AuditLog;
class CaseRefunder;
class CaseRepository;
class CaseService;
class CheckoutService;
class Clock;
class Database;
class DuplicateDetector;
class IssueLog;
class OrderQueries;
class PaymentLookup;
class RefundService;
class StoreSettings;

/// The after-the-sale desk (docs/CASES.md): cases and their detector, the customer issue log
/// and the payment look-up, built together and wired to checkout by the composition root.
class CaseDesk
{
public:
    CaseDesk(Database &db, CheckoutService &checkout, const OrderQueries &orders, AuditLog &audit,
             const Clock &clock);
    ~CaseDesk();

    CaseRepository &cases() { return *m_cases; }
    DuplicateDetector &detector() { return *m_detector; }
    CaseService &service() { return *m_service; }
    IssueLog &issues() { return *m_issues; }
    PaymentLookup &lookup() { return *m_lookup; }

    /// Cases are resolved by refund through \a refunds; with \a settings the owner's
    /// auto-refund and refund limit apply. Call once.
    void attachRefunds(RefundService &refunds, const StoreSettings *settings);
    /// Null until attachRefunds().
    CaseRefunder *refunder() { return m_refunder.get(); }

private:
    std::unique_ptr<CaseRepository> m_cases;
    std::unique_ptr<IssueLog> m_issues;
    std::unique_ptr<DuplicateDetector> m_detector;
    std::unique_ptr<CaseService> m_service;
    std::unique_ptr<PaymentLookup> m_lookup;
    std::unique_ptr<CaseRefunder> m_refunder;
    Database &m_db;
    const OrderQueries &m_orders;
    AuditLog &m_audit;
};

} // namespace paydesk
