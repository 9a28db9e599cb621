#pragma once

#include "ui/refunds/refunddialog.h"

#include <QWidget>

class QPushButton;
class QTabWidget;

namespace paydesk {

class CaseDesk;
class CaseRefunder;
class CasesPanel;
class FindPaymentPanel;
class IssuesPanel;
class OrderQueries;
class ProviderRegistry;
class Session;

/// The "Cases & refunds" view: Find payment | Cases | Customer issues (docs/CASES.md).
class CasesView : public QWidget
{
    Q_OBJECT
public:
    enum class Tab { FindPayment, Cases, Issues };

    CasesView(CaseDesk &desk, const OrderQueries &orders, const ProviderRegistry &registry,
              QWidget *parent = nullptr);

    void setSession(Session *session);
    /// Offers refunds: "Refund the later charge" on a case (through \a refunder) and
    /// "Refund…" on a found order (the refund dialog with \a tools).
    void setRefunds(const RefundTools &tools, CaseRefunder *refunder);
    void showTab(Tab tab);
    /// Reloads cases and complaints (e.g. when the view is shown).
    void refresh();

    FindPaymentPanel *findPayment() const { return m_find; }
    CasesPanel *cases() const { return m_cases; }
    IssuesPanel *issues() const { return m_issues; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void openRefundDialog(const Order &order);

    CaseDesk &m_desk;
    RefundTools m_refundTools;
    QPushButton *m_refundButton = nullptr;
    QTabWidget *m_tabs;
    FindPaymentPanel *m_find;
    CasesPanel *m_cases;
    IssuesPanel *m_issues;
};

} // namespace paydesk
