#include "ui/security/auditview.h"

#include "core/security/auditlog.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace paydesk {

AuditView::AuditView(AuditLog &audit, QWidget *parent)
    : QWidget(parent), m_audit(audit), m_action(new QLineEdit(this)),
      m_operator(new QLineEdit(this)), m_text(new QLineEdit(this)),
      m_useRange(new QCheckBox(tr("From"), this)), m_from(new QDateTimeEdit(this)),
      m_to(new QDateTimeEdit(this)), m_search(new QPushButton(tr("Search"), this)),
      m_verify(new QPushButton(tr("Verify chain"), this)), m_result(new QLabel(this)),
      m_table(new QTableWidget(this))
{
    setObjectName(QStringLiteral("auditView"));
    m_action->setObjectName(QStringLiteral("actionFilter"));
    m_action->setPlaceholderText(tr("Action (e.g. operator. or refund.created)"));
    m_operator->setObjectName(QStringLiteral("operatorFilter"));
    m_operator->setPlaceholderText(tr("Operator"));
    m_text->setObjectName(QStringLiteral("textFilter"));
    m_text->setPlaceholderText(tr("Text"));
    m_useRange->setObjectName(QStringLiteral("rangeCheck"));
    m_from->setObjectName(QStringLiteral("fromEdit"));
    m_to->setObjectName(QStringLiteral("toEdit"));
    const QDateTime now = QDateTime::currentDateTime();
    m_from->setDateTime(now.addDays(-7));
    m_to->setDateTime(now.addDays(1));
    m_from->setCalendarPopup(true);
    m_to->setCalendarPopup(true);
    m_search->setObjectName(QStringLiteral("searchButton"));
    m_verify->setObjectName(QStringLiteral("verifyButton"));
    m_result->setObjectName(QStringLiteral("verifyResult"));
    m_result->setWordWrap(true);
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels(
        {tr("#"), tr("Time"), tr("Action"), tr("Operator"), tr("Details")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_action);
    filters->addWidget(m_operator);
    filters->addWidget(m_text);
    filters->addWidget(m_useRange);
    filters->addWidget(m_from);
    filters->addWidget(new QLabel(tr("to"), this));
    filters->addWidget(m_to);
    filters->addWidget(m_search);
    auto *verify = new QHBoxLayout;
    verify->addWidget(m_verify);
    verify->addWidget(m_result, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table);
    layout->addLayout(verify);

    connect(m_search, &QPushButton::clicked, this, &AuditView::refresh);
    for (QLineEdit *e : {m_action, m_operator, m_text})
        connect(e, &QLineEdit::returnPressed, this, &AuditView::refresh);
    connect(m_verify, &QPushButton::clicked, this, &AuditView::verifyChain);
    refresh();
}

int AuditView::rowCount() const
{
    return m_table->rowCount();
}

QString AuditView::verifyText() const
{
    return m_result->text();
}

void AuditView::refresh()
{
    AuditFilter filter;
    filter.action = m_action->text().trimmed();
    filter.operatorName = m_operator->text().trimmed();
    filter.text = m_text->text().trimmed();
    if (m_useRange->isChecked()) {
        filter.from = m_from->dateTime().toUTC();
        filter.to = m_to->dateTime().toUTC();
    }
    auto rows = m_audit.query(filter);
    m_table->setRowCount(0);
    if (!rows.ok()) {
        m_result->setText(rows.error().message);
        return;
    }
    const QLocale locale;
    for (const AuditEntry &e : rows.value()) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(QString::number(e.id)));
        m_table->setItem(
            row, 1,
            new QTableWidgetItem(locale.toString(e.at.toLocalTime(), QLocale::ShortFormat)));
        m_table->setItem(row, 2, new QTableWidgetItem(e.action));
        m_table->setItem(row, 3, new QTableWidgetItem(e.operatorName));
        m_table->setItem(row, 4,
                         new QTableWidgetItem(QString::fromUtf8(
                             QJsonDocument(e.details).toJson(QJsonDocument::Compact))));
    }
    m_table->resizeColumnsToContents();
}

void AuditView::verifyChain()
{
    const AuditVerification v = m_audit.verify();
    if (v.ok) {
        QString text = tr("The audit log is intact: %n entries verified.", nullptr, int(v.entries));
        if (v.legacyEntries > 0)
            text += QLatin1Char(' ') +
                    tr("Entries 1 to %1 were written before the log was keyed and are checked "
                       "with the older, unkeyed hash.")
                        .arg(v.legacyEntries);
        m_result->setText(text);
        m_result->setStyleSheet(QStringLiteral("color: #1b5e20;"));
    } else {
        m_result->setText(v.firstBadId
                              ? tr("The audit log was tampered with, first at entry %1. %2")
                                    .arg(*v.firstBadId)
                                    .arg(v.reason)
                              : v.reason);
        m_result->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    }
}

} // namespace paydesk
