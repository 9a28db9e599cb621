#pragma once

#include <QWidget>

class QTabWidget;

namespace paydesk {

class CaseDesk;
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

    QTabWidget *m_tabs;
    FindPaymentPanel *m_find;
    CasesPanel *m_cases;
    IssuesPanel *m_issues;
};

} // namespace paydesk
