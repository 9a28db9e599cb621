#include "ui/cases/casespanel.h"

#include "core/cases/casedesk.h"
#include "core/cases/caserefunder.h"
#include "core/cases/caserepository.h"
#include "core/cases/caseservice.h"
#include "core/cases/casetext.h"
#include "core/cases/duplicatedetector.h"
#include "core/providers/providerregistry.h"
#include "core/security/session.h"
#include "ui/stepupdialog.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace paydesk {

namespace {
QTableWidgetItem *cell(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

QString when(const QDateTime &t)
{
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                       : QStringLiteral("—");
}
} // namespace

CasesPanel::CasesPanel(CaseDesk &desk, const ProviderRegistry &registry, QWidget *parent)
    : QWidget(parent), m_desk(desk), m_registry(registry)
{
    setObjectName(QStringLiteral("casesPanel"));
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_showResolved = new QCheckBox(this);
    m_showResolved->setObjectName(QStringLiteral("casesShowResolvedCheck"));
    m_rescan = new QPushButton(this);
    m_rescan->setObjectName(QStringLiteral("casesRescanButton"));
    top->addWidget(m_showResolved);
    top->addStretch(1);
    top->addWidget(m_rescan);
    m_table = new QTableWidget(0, 6, this);
    m_table->setObjectName(QStringLiteral("casesTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("caseDetail"));
    m_detail->setWordWrap(true);
    m_detail->setTextFormat(Qt::RichText);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("caseReasonEdit"));
    m_refund = new QPushButton(this);
    m_refund->setObjectName(QStringLiteral("caseRefundButton"));
    m_refund->hide(); // offered once a refunder is set
    m_dismiss = new QPushButton(this);
    m_dismiss->setObjectName(QStringLiteral("caseDismissButton"));
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_reason, 1);
    actions->addWidget(m_refund);
    actions->addWidget(m_dismiss);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("caseMessage"));
    m_message->setWordWrap(true);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_detail);
    layout->addLayout(actions);
    layout->addWidget(m_message);

    connect(m_showResolved, &QCheckBox::toggled, this, &CasesPanel::refresh);
    connect(m_rescan, &QPushButton::clicked, this, &CasesPanel::rescan);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) { showCase(row); });
    connect(m_dismiss, &QPushButton::clicked, this, &CasesPanel::dismiss);
    connect(m_refund, &QPushButton::clicked, this, &CasesPanel::refund);
    connect(&m_desk.service(), &CaseService::caseChanged, this, &CasesPanel::refresh);
    retranslateUi();
    refresh();
}

void CasesPanel::setSession(Session *session)
{
    m_session = session;
    showCase(m_table->currentRow());
}

void CasesPanel::setRefunder(CaseRefunder *refunder)
{
    m_refunder = refunder;
    m_refund->setVisible(refunder != nullptr);
    showCase(m_table->currentRow());
}

const Case *CasesPanel::current() const
{
    const int row = m_table->currentRow();
    return row >= 0 && row < m_cases.size() ? &m_cases.at(row) : nullptr;
}

void CasesPanel::refresh()
{
    const qint64 selected = current() ? current()->id : 0;
    auto cases = m_desk.cases().list(!m_showResolved->isChecked());
    if (!cases.ok()) {
        showResult(false, cases.error().message);
        return;
    }
    m_cases = cases.value();
    const QSignalBlocker blocker(m_table);
    m_table->setRowCount(0);
    for (const Case &c : std::as_const(m_cases)) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, cell(QString::number(c.id)));
        m_table->setItem(row, 1, cell(CaseText::kind(c.kind)));
        m_table->setItem(row, 2, cell(CaseText::status(c.status)));
        m_table->setItem(row, 3, cell(c.amount.format(QLocale())));
        m_table->setItem(row, 4, cell(c.orders().join(QStringLiteral(", "))));
        m_table->setItem(row, 5, cell(when(c.detectedAt)));
    }
    m_table->resizeColumnsToContents();
    if (!selectCase(selected) && !m_cases.isEmpty())
        m_table->setCurrentCell(0, 0);
    showCase(m_table->currentRow());
}

bool CasesPanel::selectCase(qint64 caseId)
{
    for (int i = 0; i < m_cases.size(); ++i)
        if (m_cases.at(i).id == caseId) {
            m_table->setCurrentCell(i, 0);
            showCase(i);
            return true;
        }
    return false;
}

void CasesPanel::showCase(int row)
{
    const Case *c = row >= 0 && row < m_cases.size() ? &m_cases.at(row) : nullptr;
    const bool mayResolve =
        c && c->isOpen() && m_session && m_session->can(Permission::ResolveCase);
    m_dismiss->setEnabled(mayResolve);
    m_refund->setEnabled(mayResolve && m_refunder && c->refundable());
    m_reason->setEnabled(mayResolve);
    if (!c) {
        m_detail->setText(tr("No open case. Charges that may have to go back to a customer show "
                             "up here as soon as they are found."));
        return;
    }
    QString html =
        QStringLiteral("<p><b>%1</b> — %2</p><p>%3</p><p><b>%4</b> %5</p>")
            .arg(CaseText::kind(c->kind).toHtmlEscaped(),
                 CaseText::status(c->status).toHtmlEscaped(),
                 CaseText::explanation(*c).toHtmlEscaped(), tr("Suggested:").toHtmlEscaped(),
                 CaseText::suggestedAction(*c).toHtmlEscaped());
    html += QStringLiteral("<table cellspacing=6><tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th>"
                           "<th>%5</th><th>%6</th><th>%7</th></tr>")
                .arg(tr("Order"), tr("Amount"), tr("Provider"), tr("Created"), tr("Paid"),
                     tr("Payer (hashed)"), tr("Transaction id"));
    for (const CaseEvidence &e : c->evidence) {
        const bool refundIt = e.role == CaseEvidence::Role::Refund;
        html +=
            QStringLiteral("<tr><td>%1%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td>"
                           "<td>%7</td><td>%8</td></tr>")
                .arg(e.outTradeNo.toHtmlEscaped(),
                     refundIt ? QStringLiteral(" ⟵ ") + tr("refund").toHtmlEscaped() : QString(),
                     e.amount.format(QLocale()).toHtmlEscaped(),
                     m_registry.displayName(e.provider).toHtmlEscaped(), when(e.createdAt),
                     when(e.paidAt) + (e.lostAnswer ? QStringLiteral(" (%1)").arg(
                                                          tr("answer lost").toHtmlEscaped())
                                                    : QString()),
                     e.payerHash.left(12).toHtmlEscaped(), e.transactionId.toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    if (!c->isOpen())
        html += QStringLiteral("<p>%1</p>")
                    .arg(tr("Resolved by %1: %2")
                             .arg(c->resolvedBy, c->reason + (c->refundOutRequestNo.isEmpty()
                                                                  ? QString()
                                                                  : QStringLiteral(" (%1)").arg(
                                                                        c->refundOutRequestNo)))
                             .toHtmlEscaped());
    else if (!c->refundMessage.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(c->refundMessage.toHtmlEscaped());
    m_detail->setText(html);
}

void CasesPanel::showResult(bool ok, const QString &text)
{
    m_message->setStyleSheet(ok ? QStringLiteral("color: #1b6e2d;")
                                : QStringLiteral("color: #b3261e;"));
    m_message->setText(text);
}

void CasesPanel::dismiss()
{
    const Case *c = current();
    if (!c || !m_session)
        return;
    auto r = m_desk.service().dismiss(c->id, m_reason->text(), *m_session);
    if (!r.ok()) {
        showResult(false, r.error().message);
        return;
    }
    m_reason->clear();
    showResult(true, tr("Case %1 dismissed.").arg(r.value().id));
    refresh();
}

void CasesPanel::refund()
{
    const Case *c = current();
    if (!c || !m_session || !m_refunder)
        return;
    if (auto r = CaseService::checkReason(m_reason->text()); !r.ok()) {
        showResult(false, r.error().message);
        return;
    }
    const Case target = *c;
    // Above the owner's limit the manager proves the second factor first.
    if (auto allowed = m_refunder->approval(target, *m_session); !allowed.ok()) {
        if (allowed.error().code != u"security.step_up_required" ||
            !StepUpDialog::ensure(
                *m_session,
                tr("Refund %1 of order %2")
                    .arg(target.amount.format(QLocale()), target.refundOutTradeNo),
                this)) {
            showResult(false, allowed.error().message);
            return;
        }
    }
    m_refund->setEnabled(false);
    m_dismiss->setEnabled(false);
    showResult(true, tr("Refunding %1 of order %2…")
                         .arg(target.amount.format(QLocale()), target.refundOutTradeNo));
    QPointer<CasesPanel> self(this);
    m_refunder->resolve(target.id, m_reason->text(), *m_session, [self](const Result<Case> &r) {
        if (!self)
            return;
        if (!r.ok())
            self->showResult(false, r.error().message);
        else if (r.value().status == CaseStatus::Refunded)
            self->showResult(true, tr("Case %1: %2 refunded to the customer.")
                                       .arg(r.value().id)
                                       .arg(r.value().amount.format(QLocale())));
        else
            self->showResult(true, tr("Case %1: the refund is with the provider; the case "
                                      "closes when it is final.")
                                       .arg(r.value().id));
        self->m_reason->clear();
        self->refresh();
    });
}

void CasesPanel::rescan()
{
    auto r = m_desk.detector().scanAll(QStringLiteral("manual"));
    if (!r.ok()) {
        showResult(false, r.error().message);
        return;
    }
    showResult(true, tr("%n new or changed case(s).", nullptr, int(r.value().size())));
    refresh();
}

void CasesPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        refresh();
    }
    QWidget::changeEvent(event);
}

void CasesPanel::retranslateUi()
{
    m_showResolved->setText(tr("Show resolved cases"));
    m_rescan->setText(tr("Look for duplicates now"));
    m_table->setHorizontalHeaderLabels(
        {tr("Case"), tr("Kind"), tr("Status"), tr("Amount"), tr("Orders"), tr("Found")});
    m_reason->setPlaceholderText(tr("Reason (required): what you checked and why"));
    m_refund->setText(tr("Refund the later charge"));
    m_dismiss->setText(tr("Dismiss"));
}

} // namespace paydesk
