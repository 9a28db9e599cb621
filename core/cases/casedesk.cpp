#include "core/cases/casedesk.h"

#include "core/cases/caserefunder.h"
#include "core/cases/caserepository.h"
#include "core/cases/caseservice.h"
#include "core/cases/duplicatedetector.h"
#include "core/cases/issuelog.h"
#include "core/cases/paymentlookup.h"
#include "core/checkout/checkoutservice.h"

namespace paydesk {

CaseDesk::CaseDesk(Database &db, CheckoutService &checkout, const OrderQueries &orders,
                   AuditLog &audit, const Clock &clock)
    : m_cases(std::make_unique<CaseRepository>(db, clock)),
      m_issues(std::make_unique<IssueLog>(db, audit, clock)),
      m_detector(std::make_unique<DuplicateDetector>(db, *m_cases, checkout.exceptions(), clock)),
      m_service(
          std::make_unique<CaseService>(db, *m_cases, *m_issues, checkout.exceptions(), audit)),
      m_lookup(std::make_unique<PaymentLookup>(
          orders, [&checkout](const QString &id) { return checkout.provider(id); })),
      m_db(db), m_orders(orders), m_audit(audit)
{
    // The service audits before anyone else hears of a case.
    m_service->attach(*m_detector);
    m_detector->attach(checkout);
}

CaseDesk::~CaseDesk() = default;

void CaseDesk::attachRefunds(RefundService &refunds, const StoreSettings *settings)
{
    m_refunder = std::make_unique<CaseRefunder>(m_db, *m_cases, *m_service, *m_issues, m_orders,
                                                m_audit, refunds, settings);
    m_refunder->attach(*m_detector);
}

} // namespace paydesk
