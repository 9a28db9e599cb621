#include "core/cases/issuelog.h"

#include "core/security/auditlog.h"
#include "core/storage/database.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QVariant>

namespace paydesk {

namespace {

using Report = CustomerIssue::Report;
using Step = CustomerIssue::Step;

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime fromIso(const QVariant &v)
{
    return v.isNull() || v.toString().isEmpty()
               ? QDateTime()
               : QDateTime::fromString(v.toString(), Qt::ISODateWithMs).toUTC();
}

QString stepColumn(Step s)
{
    switch (s) {
    case Step::LookedUp:
        return QStringLiteral("looked_up");
    case Step::MoneyConfirmed:
        return QStringLiteral("money_confirmed");
    case Step::RefundedOrExplained:
        return QStringLiteral("refunded_or_explained");
    case Step::ProviderContacted:
        return QStringLiteral("provider_contacted");
    }
    return {};
}

/// A CSV cell: quoted when needed; a leading = + - @ (a formula to a spreadsheet) defused.
QString csvCell(QString text)
{
    if (!text.isEmpty() && QStringLiteral("=+-@\t\r").contains(text.front()))
        text.prepend(QLatin1Char('\''));
    if (text.contains(QLatin1Char('"')) || text.contains(QLatin1Char(',')) ||
        text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'))) {
        text.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        text = QLatin1Char('"') + text + QLatin1Char('"');
    }
    return text;
}

QString yesNo(bool b)
{
    return b ? QStringLiteral("yes") : QStringLiteral("no");
}

} // namespace

bool CustomerIssue::step(Step s) const
{
    switch (s) {
    case Step::LookedUp:
        return lookedUp;
    case Step::MoneyConfirmed:
        return moneyConfirmed;
    case Step::RefundedOrExplained:
        return refundedOrExplained;
    case Step::ProviderContacted:
        return providerContacted;
    }
    return false;
}

QList<CustomerIssue::Report> allIssueReports()
{
    return {Report::PaymentFailed, Report::ChargedTwice, Report::RefundNotReceived, Report::Other};
}

QString issueReportName(CustomerIssue::Report report)
{
    switch (report) {
    case Report::PaymentFailed:
        return QStringLiteral("payment_failed");
    case Report::ChargedTwice:
        return QStringLiteral("charged_twice");
    case Report::RefundNotReceived:
        return QStringLiteral("refund_not_received");
    case Report::Other:
        return QStringLiteral("other");
    }
    return {};
}

std::optional<CustomerIssue::Report> issueReportFromName(QStringView name)
{
    for (Report r : allIssueReports())
        if (issueReportName(r) == name)
            return r;
    return std::nullopt;
}

IssueLog::IssueLog(Database &db, AuditLog &audit, const Clock &clock, QObject *parent)
    : QObject(parent), m_db(db), m_audit(audit), m_clock(clock)
{
}

QString IssueLog::reportDisplayName(CustomerIssue::Report report)
{
    switch (report) {
    case Report::PaymentFailed:
        return tr("Payment failed, but money may be gone");
    case Report::ChargedTwice:
        return tr("Charged twice");
    case Report::RefundNotReceived:
        return tr("Refund not received");
    case Report::Other:
        return tr("Other");
    }
    return {};
}

QString IssueLog::stepDisplayName(CustomerIssue::Step step)
{
    switch (step) {
    case Step::LookedUp:
        return tr("1. Look the payment up");
    case Step::MoneyConfirmed:
        return tr("2. Confirm with the provider whether money moved");
    case Step::RefundedOrExplained:
        return tr("3. Refund, or explain to the customer");
    case Step::ProviderContacted:
        return tr("4. If still unclear: call the provider with the transaction id");
    }
    return {};
}

Result<CustomerIssue> IssueLog::open(const NewIssue &in, const QString &operatorName)
{
    const QString contact = in.contact.trimmed();
    const QString description = in.description.trimmed();
    if (contact.size() > MaxContactLength)
        return Error{QStringLiteral("issues.contact_too_long"),
                     tr("Keep the contact short (at most %n characters): a phone number or a "
                        "name is enough.",
                        nullptr, MaxContactLength)};
    if (description.size() > MaxTextLength)
        return Error{QStringLiteral("issues.text_too_long"),
                     tr("The description can have at most %n characters.", nullptr, MaxTextLength)};
    if (in.reported == Report::Other && description.isEmpty())
        return Error{QStringLiteral("issues.no_description"),
                     tr("Say in a few words what the customer reports.")};
    const QString out = in.outTradeNo.trimmed();
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    if (!out.isEmpty()) {
        auto known =
            m_db.scalar(QStringLiteral("SELECT 1 FROM orders WHERE out_trade_no = ?"), {out});
        if (!known.ok())
            return known.error();
        if (!known.value())
            return Error{QStringLiteral("issues.no_such_order"),
                         tr("There is no order %1 on this till. Look the payment up first, or "
                            "log the complaint without an order.")
                             .arg(out)};
    }
    const QString now = iso(m_clock.nowUtc());
    auto r = m_db.exec(QStringLiteral("INSERT INTO customer_issues(out_trade_no, reported, "
                                      "description, contact, looked_up, created_by, created_at, "
                                      "updated_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?)"),
                       {out.isEmpty() ? QVariant() : QVariant(out), issueReportName(in.reported),
                        description.isEmpty() ? QStringLiteral("") : description,
                        contact.isEmpty() ? QVariant() : QVariant(contact), out.isEmpty() ? 0 : 1,
                        operatorName, now, now});
    if (!r.ok())
        return r.error();
    const qint64 id = r.value().lastInsertId().toLongLong();
    if (!out.isEmpty()) {
        auto link = m_db.exec(
            QStringLiteral("INSERT OR IGNORE INTO customer_issue_links(issue_id, case_id) SELECT "
                           "?, case_id FROM case_evidence WHERE out_trade_no = ?"),
            {id, out});
        if (!link.ok())
            return link.error();
        // ...and to the refunds already made for it (a "refund not received" complaint).
        auto refunds = m_db.exec(
            QStringLiteral("INSERT OR IGNORE INTO customer_issue_links(issue_id, "
                           "refund_out_request_no) SELECT ?, r.out_request_no FROM refunds r "
                           "JOIN orders o ON o.id = r.order_id WHERE o.out_trade_no = ?"),
            {id, out});
        if (!refunds.ok())
            return refunds.error();
    }
    PAYDESK_TRY(m_audit.append(QStringLiteral("issue.opened"), operatorName,
                               {{QStringLiteral("issue_id"), QString::number(id)},
                                {QStringLiteral("out_trade_no"), out},
                                {QStringLiteral("reported"), issueReportName(in.reported)},
                                {QStringLiteral("with_contact"), !contact.isEmpty()}}));
    PAYDESK_TRY(tx.commit());
    emit changed(id);
    auto stored = byId(id);
    if (!stored.ok())
        return stored.error();
    return *stored.value();
}

Status IssueLog::update(qint64 id, const QString &set, const QVariantList &binds,
                        const QString &operatorName, const QJsonObject &details)
{
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    QVariantList all = binds;
    all << iso(m_clock.nowUtc()) << id;
    auto r = m_db.exec(QStringLiteral("UPDATE customer_issues SET %1, updated_at = ? WHERE id = ? "
                                      "AND status = 'open'")
                           .arg(set),
                       all);
    if (!r.ok())
        return r.error();
    if (r.value().numRowsAffected() != 1)
        return Error{
            QStringLiteral("issues.not_open"),
            tr("Complaint %1 is not open (it was resolved, or it does not exist).").arg(id)};
    QJsonObject d = details;
    d.insert(QStringLiteral("issue_id"), QString::number(id));
    const QString action = set.startsWith(u"status") ? QStringLiteral("issue.resolved")
                                                     : QStringLiteral("issue.updated");
    PAYDESK_TRY(m_audit.append(action, operatorName, d));
    PAYDESK_TRY(tx.commit());
    emit changed(id);
    return {};
}

Status IssueLog::setStep(qint64 id, CustomerIssue::Step step, bool done,
                         const QString &operatorName)
{
    return update(id, stepColumn(step) + QStringLiteral(" = ?"), {done ? 1 : 0}, operatorName,
                  {{QStringLiteral("step"), stepColumn(step)}, {QStringLiteral("done"), done}});
}

Status IssueLog::setMoneyMoved(qint64 id, MoneyCheck::Moved moved, const QString &operatorName)
{
    return update(id, QStringLiteral("money_moved = ?, money_confirmed = 1"),
                  {moneyMovedName(moved)}, operatorName,
                  {{QStringLiteral("money_moved"), moneyMovedName(moved)}});
}

Status IssueLog::linkCase(qint64 id, qint64 caseId)
{
    auto r = m_db.exec(QStringLiteral("INSERT OR IGNORE INTO customer_issue_links(issue_id, "
                                      "case_id) VALUES(?, ?)"),
                       {id, caseId});
    if (!r.ok())
        return r.error();
    emit changed(id);
    return {};
}

Status IssueLog::linkRefund(qint64 id, const QString &outRequestNo)
{
    auto r = m_db.exec(QStringLiteral("INSERT OR IGNORE INTO customer_issue_links(issue_id, "
                                      "refund_out_request_no) VALUES(?, ?)"),
                       {id, outRequestNo});
    if (!r.ok())
        return r.error();
    emit changed(id);
    return {};
}

Status IssueLog::linkCaseToIssuesOf(const QStringList &outTradeNos, qint64 caseId)
{
    for (const QString &out : outTradeNos) {
        auto r = m_db.exec(
            QStringLiteral("INSERT OR IGNORE INTO customer_issue_links(issue_id, case_id) SELECT "
                           "id, ? FROM customer_issues WHERE out_trade_no = ? AND status = "
                           "'open'"),
            {caseId, out});
        if (!r.ok())
            return r.error();
    }
    return {};
}

Status IssueLog::resolve(qint64 id, const QString &outcome, const QString &operatorName)
{
    const QString text = outcome.trimmed();
    if (text.isEmpty())
        return Error{QStringLiteral("issues.no_outcome"),
                     tr("Write down what was done (refunded, explained, provider called) before "
                        "closing the complaint.")};
    if (text.size() > MaxTextLength)
        return Error{QStringLiteral("issues.text_too_long"),
                     tr("The outcome can have at most %n characters.", nullptr, MaxTextLength)};
    return update(id,
                  QStringLiteral("status = 'resolved', outcome = ?, resolved_by = ?, "
                                 "resolved_at = ?"),
                  {text, operatorName, iso(m_clock.nowUtc())}, operatorName,
                  {{QStringLiteral("outcome"), text}});
}

Result<std::optional<CustomerIssue>> IssueLog::byId(qint64 id) const
{
    auto rows = select(QStringLiteral("id = ?"), {id});
    if (!rows.ok())
        return rows.error();
    return rows.value().isEmpty() ? std::optional<CustomerIssue>()
                                  : std::optional<CustomerIssue>(rows.value().first());
}

Result<QList<CustomerIssue>> IssueLog::list(bool openOnly) const
{
    return select(openOnly ? QStringLiteral("status = 'open'") : QStringLiteral("1 = 1"), {});
}

Result<QList<CustomerIssue>> IssueLog::forCase(qint64 caseId) const
{
    return select(QStringLiteral("status = 'open' AND id IN (SELECT issue_id FROM "
                                 "customer_issue_links WHERE case_id = ?)"),
                  {caseId});
}

Result<QList<CustomerIssue>> IssueLog::select(const QString &where, const QVariantList &binds) const
{
    auto q = m_db.exec(
        QStringLiteral("SELECT id, COALESCE(out_trade_no, ''), reported, description,"
                       " COALESCE(contact, ''), status, looked_up, money_confirmed,"
                       " refunded_or_explained, provider_contacted, COALESCE(money_moved, ''),"
                       " COALESCE(outcome, ''), created_by, created_at, updated_at,"
                       " COALESCE(resolved_by, ''), resolved_at FROM customer_issues WHERE %1"
                       " ORDER BY id DESC")
            .arg(where),
        binds);
    if (!q.ok())
        return q.error();
    QList<CustomerIssue> list;
    QSqlQuery &r = q.value();
    while (r.next()) {
        CustomerIssue i;
        i.id = r.value(0).toLongLong();
        i.outTradeNo = r.value(1).toString();
        i.reported = issueReportFromName(r.value(2).toString()).value_or(Report::Other);
        i.description = r.value(3).toString();
        i.contact = r.value(4).toString();
        i.open = r.value(5).toString() == u"open";
        i.lookedUp = r.value(6).toInt() != 0;
        i.moneyConfirmed = r.value(7).toInt() != 0;
        i.refundedOrExplained = r.value(8).toInt() != 0;
        i.providerContacted = r.value(9).toInt() != 0;
        i.moneyMoved = moneyMovedFromName(r.value(10).toString());
        i.outcome = r.value(11).toString();
        i.createdBy = r.value(12).toString();
        i.createdAt = fromIso(r.value(13));
        i.updatedAt = fromIso(r.value(14));
        i.resolvedBy = r.value(15).toString();
        i.resolvedAt = fromIso(r.value(16));
        list.append(i);
    }
    for (CustomerIssue &i : list) {
        auto links = m_db.exec(QStringLiteral("SELECT case_id, refund_out_request_no FROM "
                                              "customer_issue_links WHERE issue_id = ? ORDER BY "
                                              "rowid"),
                               {i.id});
        if (!links.ok())
            return links.error();
        while (links.value().next()) {
            if (!links.value().value(0).isNull())
                i.caseIds << links.value().value(0).toLongLong();
            else
                i.refundRequestNos << links.value().value(1).toString();
        }
    }
    return list;
}

QByteArray IssueLog::toCsv(const QList<CustomerIssue> &issues)
{
    QStringList lines{QStringLiteral(
        "id,opened_at,status,reported,out_trade_no,description,looked_up,money_confirmed,"
        "money_moved,refunded_or_explained,provider_contacted,cases,refunds,outcome,opened_by,"
        "resolved_at,resolved_by")};
    for (const CustomerIssue &i : issues) {
        QStringList caseIds;
        for (qint64 c : i.caseIds)
            caseIds << QString::number(c);
        const QStringList cells{QString::number(i.id),
                                iso(i.createdAt),
                                i.open ? QStringLiteral("open") : QStringLiteral("resolved"),
                                issueReportName(i.reported),
                                i.outTradeNo,
                                i.description,
                                yesNo(i.lookedUp),
                                yesNo(i.moneyConfirmed),
                                i.moneyMoved ? moneyMovedName(*i.moneyMoved) : QString(),
                                yesNo(i.refundedOrExplained),
                                yesNo(i.providerContacted),
                                caseIds.join(QLatin1Char(' ')),
                                i.refundRequestNos.join(QLatin1Char(' ')),
                                i.outcome,
                                i.createdBy,
                                iso(i.resolvedAt),
                                i.resolvedBy};
        QStringList quoted;
        for (const QString &c : cells)
            quoted << csvCell(c);
        lines << quoted.join(QLatin1Char(','));
    }
    return QByteArrayLiteral("\xEF\xBB\xBF") + lines.join(QStringLiteral("\r\n")).toUtf8() +
           QByteArrayLiteral("\r\n");
}

Result<QByteArray> IssueLog::exportCsv(const QList<CustomerIssue> &issues,
                                       const QString &operatorName)
{
    PAYDESK_TRY(m_audit.append(QStringLiteral("issue.exported"), operatorName,
                               {{QStringLiteral("issues"), int(issues.size())}}));
    return toCsv(issues);
}

} // namespace paydesk
