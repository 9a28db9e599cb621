#include "ui/cases/casesview.h"

#include "ui/cases/casespanel.h"
#include "ui/cases/findpaymentpanel.h"
#include "ui/cases/issuespanel.h"

#include "core/cases/casedesk.h"
#include "core/cases/issuelog.h"

#include <QEvent>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace paydesk {

CasesView::CasesView(CaseDesk &desk, const OrderQueries &orders, const ProviderRegistry &registry,
                     QWidget *parent)
    : QWidget(parent), m_desk(desk)
{
    setObjectName(QStringLiteral("casesView"));
    auto *layout = new QVBoxLayout(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("casesTabs"));
    m_find = new FindPaymentPanel(desk.lookup(), registry, m_tabs);
    m_cases = new CasesPanel(desk, registry, m_tabs);
    m_issues = new IssuesPanel(desk, orders, registry, m_tabs);
    m_tabs->addTab(m_find, QString());
    m_tabs->addTab(m_cases, QString());
    m_tabs->addTab(m_issues, QString());
    layout->addWidget(m_tabs);
    connect(m_find, &FindPaymentPanel::logIssueRequested, this, [this](const QString &out) {
        m_issues->startIssueFor(out);
        showTab(Tab::Issues);
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { refresh(); });
    retranslateUi();
}

void CasesView::setSession(Session *session)
{
    m_cases->setSession(session);
    m_issues->setSession(session);
}

void CasesView::setRefunds(const RefundTools &tools, CaseRefunder *refunder)
{
    m_refundTools = tools;
    m_cases->setRefunder(refunder);
    if (!m_refundButton && tools.ready()) {
        m_refundButton = m_find->addOrderAction(QStringLiteral("lookupRefundButton"));
        connect(m_find, &FindPaymentPanel::orderActionTriggered, this,
                [this](const QString &name, const Order &order) {
                    if (name == u"lookupRefundButton")
                        openRefundDialog(order);
                });
        retranslateUi();
    }
}

void CasesView::openRefundDialog(const Order &order)
{
    RefundDialog dialog(m_refundTools, order, this);
    connect(&dialog, &RefundDialog::refundFinished, this, [this, order](const RefundRecord &r) {
        // A complaint about this order gets the refund on its record.
        auto open = m_desk.issues().list(true);
        if (open.ok())
            for (const CustomerIssue &i : open.value())
                if (i.outTradeNo == order.outTradeNo)
                    (void)m_desk.issues().linkRefund(i.id, r.outRequestNo);
    });
    dialog.exec();
    m_find->searchReference(order.outTradeNo); // show the order as it is now
    refresh();
}

void CasesView::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

void CasesView::refresh()
{
    m_cases->refresh();
    m_issues->refresh();
}

void CasesView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void CasesView::retranslateUi()
{
    m_tabs->setTabText(0, tr("Find payment"));
    m_tabs->setTabText(1, tr("Cases"));
    m_tabs->setTabText(2, tr("Customer issues"));
    if (m_refundButton)
        m_refundButton->setText(tr("Refund…"));
}

} // namespace paydesk
