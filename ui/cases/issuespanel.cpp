#include "ui/cases/issuespanel.h"

#include "core/cases/casedesk.h"
#include "core/orders/orderqueries.h"
#include "core/providers/providerregistry.h"
#include "core/security/session.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QTableWidget>
#include <QVBoxLayout>

namespace paydesk {

namespace {
using Step = CustomerIssue::Step;
constexpr std::array<Step, 4> kSteps{Step::LookedUp, Step::MoneyConfirmed,
                                     Step::RefundedOrExplained, Step::ProviderContacted};

QTableWidgetItem *cell(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

int stepsDone(const CustomerIssue &i)
{
    int n = 0;
    for (Step s : kSteps)
        n += i.step(s) ? 1 : 0;
    return n;
}
} // namespace

IssuesPanel::IssuesPanel(CaseDesk &desk, const OrderQueries &orders,
                         const ProviderRegistry &registry, QWidget *parent)
    : QWidget(parent), m_desk(desk), m_orders(orders), m_registry(registry)
{
    setObjectName(QStringLiteral("issuesPanel"));
    auto *layout = new QVBoxLayout(this);
    m_newCaption = new QLabel(this);
    m_newCaption->setStyleSheet(QStringLiteral("font-weight: 600;"));
    m_report = new QComboBox(this);
    m_report->setObjectName(QStringLiteral("issueReportCombo"));
    m_order = new QLineEdit(this);
    m_order->setObjectName(QStringLiteral("issueOrderEdit"));
    m_contact = new QLineEdit(this);
    m_contact->setObjectName(QStringLiteral("issueContactEdit"));
    m_contact->setMaxLength(IssueLog::MaxContactLength);
    m_description = new QPlainTextEdit(this);
    m_description->setObjectName(QStringLiteral("issueDescriptionEdit"));
    m_description->setMaximumHeight(60);
    m_create = new QPushButton(this);
    m_create->setObjectName(QStringLiteral("issueCreateButton"));
    auto *form = new QFormLayout;
    form->setObjectName(QStringLiteral("issueForm"));
    for (QWidget *w : std::initializer_list<QWidget *>{m_report, m_order, m_contact, m_description})
        form->addRow(QString(), w);

    auto *listBar = new QHBoxLayout;
    m_showResolved = new QCheckBox(this);
    m_showResolved->setObjectName(QStringLiteral("issuesShowResolvedCheck"));
    m_export = new QPushButton(this);
    m_export->setObjectName(QStringLiteral("issuesExportButton"));
    listBar->addWidget(m_showResolved);
    listBar->addStretch(1);
    listBar->addWidget(m_export);
    m_table = new QTableWidget(0, 6, this);
    m_table->setObjectName(QStringLiteral("issuesTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("issueDetail"));
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *checklist = new QVBoxLayout;
    for (int i = 0; i < int(kSteps.size()); ++i) {
        m_steps[i] = new QCheckBox(this);
        m_steps[i]->setObjectName(QStringLiteral("issueStep%1").arg(i));
        checklist->addWidget(m_steps[i]);
        connect(m_steps[i], &QCheckBox::clicked, this,
                [this, i](bool done) { toggleStep(i, done); });
    }
    m_askProvider = new QPushButton(this);
    m_askProvider->setObjectName(QStringLiteral("issueAskProviderButton"));
    m_hotline = new QLabel(this);
    m_hotline->setObjectName(QStringLiteral("issueHotlineLabel"));
    m_hotline->setWordWrap(true);
    m_hotline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_outcome = new QLineEdit(this);
    m_outcome->setObjectName(QStringLiteral("issueOutcomeEdit"));
    m_resolve = new QPushButton(this);
    m_resolve->setObjectName(QStringLiteral("issueResolveButton"));
    auto *close = new QHBoxLayout;
    close->addWidget(m_outcome, 1);
    close->addWidget(m_resolve);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("issueMessage"));
    m_message->setWordWrap(true);

    layout->addWidget(m_newCaption);
    layout->addLayout(form);
    layout->addWidget(m_create, 0, Qt::AlignLeft);
    layout->addLayout(listBar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_detail);
    layout->addLayout(checklist);
    layout->addWidget(m_askProvider, 0, Qt::AlignLeft);
    layout->addWidget(m_hotline);
    layout->addLayout(close);
    layout->addWidget(m_message);

    connect(m_create, &QPushButton::clicked, this, &IssuesPanel::create);
    connect(m_showResolved, &QCheckBox::toggled, this, &IssuesPanel::refresh);
    connect(m_export, &QPushButton::clicked, this, &IssuesPanel::exportCsv);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) { showIssue(row); });
    connect(m_askProvider, &QPushButton::clicked, this, &IssuesPanel::askProvider);
    connect(m_resolve, &QPushButton::clicked, this, &IssuesPanel::resolve);
    retranslateUi();
    refresh();
}

void IssuesPanel::setSession(Session *session)
{
    m_session = session;
}

QString IssuesPanel::operatorName() const
{
    return m_session ? m_session->operatorName() : QString();
}

const CustomerIssue *IssuesPanel::current() const
{
    const int row = m_table->currentRow();
    return row >= 0 && row < m_issues.size() ? &m_issues.at(row) : nullptr;
}

void IssuesPanel::startIssueFor(const QString &outTradeNo)
{
    m_order->setText(outTradeNo);
    m_description->clear();
    m_contact->clear();
    m_report->setFocus();
}

void IssuesPanel::refresh()
{
    const qint64 selected = current() ? current()->id : 0;
    auto issues = m_desk.issues().list(!m_showResolved->isChecked());
    if (!issues.ok()) {
        showResult(false, issues.error().message);
        return;
    }
    m_issues = issues.value();
    const QSignalBlocker blocker(m_table);
    m_table->setRowCount(0);
    int select = m_issues.isEmpty() ? -1 : 0;
    for (const CustomerIssue &i : std::as_const(m_issues)) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, cell(QString::number(i.id)));
        m_table->setItem(row, 1,
                         cell(QLocale().toString(i.createdAt.toLocalTime(),
                                                 QStringLiteral("yyyy-MM-dd HH:mm"))));
        m_table->setItem(row, 2, cell(i.open ? tr("Open") : tr("Resolved")));
        m_table->setItem(row, 3, cell(IssueLog::reportDisplayName(i.reported)));
        m_table->setItem(row, 4, cell(i.outTradeNo));
        m_table->setItem(row, 5, cell(tr("%1 of 4 steps").arg(stepsDone(i))));
        if (i.id == selected)
            select = row;
    }
    m_table->resizeColumnsToContents();
    if (select >= 0)
        m_table->setCurrentCell(select, 0);
    showIssue(select);
}

void IssuesPanel::showIssue(int row)
{
    const CustomerIssue *i = row >= 0 && row < m_issues.size() ? &m_issues.at(row) : nullptr;
    const bool open = i && i->open;
    for (int s = 0; s < int(kSteps.size()); ++s) {
        m_steps[s]->setEnabled(open);
        m_steps[s]->setChecked(i && i->step(kSteps[s]));
    }
    m_outcome->setEnabled(open);
    m_resolve->setEnabled(open);
    m_askProvider->setEnabled(open && !i->outTradeNo.isEmpty());
    m_hotline->clear();
    if (!i) {
        m_detail->setText(tr("No complaint selected."));
        return;
    }
    QStringList lines{
        tr("Complaint %1: %2").arg(i->id).arg(IssueLog::reportDisplayName(i->reported))};
    if (!i->description.isEmpty())
        lines << i->description;
    if (!i->contact.isEmpty())
        lines << tr("Contact: %1").arg(i->contact);
    if (i->moneyMoved)
        lines << tr("Provider's answer: money moved — %1")
                     .arg(*i->moneyMoved == MoneyCheck::Moved::Yes  ? tr("yes")
                          : *i->moneyMoved == MoneyCheck::Moved::No ? tr("no")
                                                                    : tr("not known"));
    QStringList links;
    for (qint64 c : i->caseIds)
        links << tr("case %1").arg(c);
    for (const QString &r : i->refundRequestNos)
        links << tr("refund %1").arg(r);
    if (!links.isEmpty())
        lines << tr("Linked: %1").arg(links.join(QStringLiteral(", ")));
    if (!i->open)
        lines << tr("Resolved by %1: %2").arg(i->resolvedBy, i->outcome);
    m_detail->setText(lines.join(QLatin1Char('\n')));
    if (!i->outTradeNo.isEmpty()) {
        auto order = m_orders.byOutTradeNo(i->outTradeNo);
        if (order.ok() && order.value() && order.value()->kind != OrderKind::Cash) {
            const Order &o = *order.value();
            const QString hotline = m_registry.hotline(o.provider);
            m_hotline->setText(
                hotline.isEmpty()
                    ? tr("Transaction id for %1: %2")
                          .arg(m_registry.displayName(o.provider), o.transactionId)
                    : tr("%1 customer service: %2 — give them the transaction id %3 and our "
                         "order number %4.")
                          .arg(m_registry.displayName(o.provider), hotline,
                               o.transactionId.isEmpty() ? tr("(none yet)") : o.transactionId,
                               o.outTradeNo));
        }
    }
}

void IssuesPanel::create()
{
    NewIssue n;
    n.reported = CustomerIssue::Report(m_report->currentData().toInt());
    n.outTradeNo = m_order->text();
    n.contact = m_contact->text();
    n.description = m_description->toPlainText();
    auto r = m_desk.issues().open(n, operatorName());
    if (!r.ok()) {
        showResult(false, r.error().message);
        return;
    }
    m_order->clear();
    m_contact->clear();
    m_description->clear();
    showResult(true, tr("Complaint %1 logged. Follow the checklist below.").arg(r.value().id));
    refresh();
    for (int row = 0; row < m_issues.size(); ++row)
        if (m_issues.at(row).id == r.value().id)
            m_table->setCurrentCell(row, 0);
}

void IssuesPanel::toggleStep(int step, bool done)
{
    const CustomerIssue *i = current();
    if (!i)
        return;
    auto r = m_desk.issues().setStep(i->id, kSteps[step], done, operatorName());
    if (!r.ok())
        showResult(false, r.error().message);
    refresh();
}

void IssuesPanel::askProvider()
{
    const CustomerIssue *i = current();
    if (!i || i->outTradeNo.isEmpty())
        return;
    auto order = m_orders.byOutTradeNo(i->outTradeNo);
    if (!order.ok() || !order.value()) {
        showResult(false, order.ok() ? tr("Order %1 is not on this till.").arg(i->outTradeNo)
                                     : order.error().message);
        return;
    }
    const qint64 id = i->id;
    m_askProvider->setEnabled(false);
    showResult(true, tr("Asking the provider…"));
    m_desk.lookup().confirm(*order.value(), this, [this, id](const MoneyCheck &c) {
        auto r = m_desk.issues().setMoneyMoved(id, c.moved, operatorName());
        showResult(r.ok() && c.moved != MoneyCheck::Moved::Unknown,
                   r.ok() ? c.message : r.error().message);
        refresh();
    });
}

void IssuesPanel::resolve()
{
    const CustomerIssue *i = current();
    if (!i)
        return;
    auto r = m_desk.issues().resolve(i->id, m_outcome->text(), operatorName());
    if (!r.ok()) {
        showResult(false, r.error().message);
        return;
    }
    showResult(true, tr("Complaint %1 closed.").arg(i->id));
    m_outcome->clear();
    refresh();
}

bool IssuesPanel::exportCsvTo(const QString &path)
{
    auto csv = m_desk.issues().exportCsv(m_issues, operatorName());
    if (!csv.ok()) {
        showResult(false, csv.error().message);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv.value()) != csv.value().size() ||
        !file.commit()) {
        showResult(false, tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    showResult(true,
               tr("%n complaint(s) exported to %1.", nullptr, int(m_issues.size())).arg(path));
    return true;
}

void IssuesPanel::exportCsv()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export complaints"), QStringLiteral("complaints.csv"), tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportCsvTo(path);
}

void IssuesPanel::showResult(bool ok, const QString &text)
{
    m_message->setStyleSheet(ok ? QStringLiteral("color: #1b6e2d;")
                                : QStringLiteral("color: #b3261e;"));
    m_message->setText(text);
}

void IssuesPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        refresh();
    }
    QWidget::changeEvent(event);
}

void IssuesPanel::retranslateUi()
{
    m_newCaption->setText(tr("New complaint"));
    const int report = m_report->currentIndex();
    m_report->clear();
    for (CustomerIssue::Report r : allIssueReports())
        m_report->addItem(IssueLog::reportDisplayName(r), int(r));
    m_report->setCurrentIndex(std::max(0, report));
    m_order->setPlaceholderText(tr("Order number (optional; use Find payment)"));
    m_contact->setPlaceholderText(tr("Phone or name, only if the customer wants a call back"));
    m_description->setPlaceholderText(tr("What the customer says, in a few words"));
    m_create->setText(tr("Log complaint"));
    m_showResolved->setText(tr("Show resolved complaints"));
    m_export->setText(tr("Export CSV…"));
    m_table->setHorizontalHeaderLabels({tr("No."), tr("Opened"), tr("Status"),
                                        tr("Customer reports"), tr("Order"), tr("Checklist")});
    for (int s = 0; s < int(kSteps.size()); ++s)
        m_steps[s]->setText(IssueLog::stepDisplayName(kSteps[s]));
    m_askProvider->setText(tr("Ask the provider whether money moved"));
    m_outcome->setPlaceholderText(tr("What was done (required to close)"));
    m_resolve->setText(tr("Close complaint"));
    if (auto *form = findChild<QFormLayout *>(QStringLiteral("issueForm"))) {
        const QStringList labels{tr("Customer reports:"), tr("Order:"), tr("Contact:"),
                                 tr("Details:")};
        for (int i = 0; i < labels.size(); ++i)
            if (auto *item = form->itemAt(i, QFormLayout::LabelRole); item && item->widget())
                static_cast<QLabel *>(item->widget())->setText(labels[i]);
            else
                form->setWidget(i, QFormLayout::LabelRole, new QLabel(labels[i], this));
    }
}

} // namespace paydesk
