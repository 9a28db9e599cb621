#include "core/security/anomalymonitor.h"

#include "core/money/money.h"
#include "core/security/auditlog.h"
#include "core/security/session.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QTimeZone>

#include <algorithm>

namespace paydesk {

namespace {

int intSetting(const SettingsStore &s, const char *key, int fallback)
{
    bool ok = false;
    const int v = s.value(QString::fromLatin1(key), QString()).toInt(&ok);
    return ok && v >= 0 ? v : fallback;
}

QString fmt(const QDateTime &t)
{
    return AuditLog::formatTime(t);
}

QString money(qint64 minor)
{
    return Money::fromMinor(minor).toDecimalString();
}

// "08:00-22:00" -> minutes since midnight; nullopt when empty or malformed.
std::optional<std::pair<int, int>> parseHours(const QString &spec)
{
    const QStringList parts = spec.split(QLatin1Char('-'));
    if (parts.size() != 2)
        return std::nullopt;
    const QTime from = QTime::fromString(parts.at(0).trimmed(), QStringLiteral("HH:mm"));
    const QTime to = QTime::fromString(parts.at(1).trimmed(), QStringLiteral("HH:mm"));
    if (!from.isValid() || !to.isValid())
        return std::nullopt;
    return std::make_pair(from.hour() * 60 + from.minute(), to.hour() * 60 + to.minute());
}

QTimeZone zoneOf(const QString &id)
{
    QTimeZone tz(id.toLatin1());
    return tz.isValid() ? tz : QTimeZone(QByteArrayLiteral("Asia/Shanghai"));
}

} // namespace

AnomalyThresholds AnomalyThresholds::load(const SettingsStore &s)
{
    AnomalyThresholds t;
    t.enabled = intSetting(s, "anomaly.enabled", 1) != 0;
    t.largeTicketFactor =
        std::max(1, intSetting(s, "anomaly.large_ticket_factor", t.largeTicketFactor));
    t.largeTicketHistory =
        std::max(1, intSetting(s, "anomaly.large_ticket_history", t.largeTicketHistory));
    t.largeTicketMinHistory =
        intSetting(s, "anomaly.large_ticket_min_history", t.largeTicketMinHistory);
    bool ok = false;
    const qint64 floor =
        s.value(QStringLiteral("anomaly.large_ticket_floor_minor"), QString()).toLongLong(&ok);
    if (ok && floor >= 0)
        t.largeTicketFloorMinor = floor;
    t.burstCount = std::max(1, intSetting(s, "anomaly.burst_count", t.burstCount));
    t.burstMinutes = std::max(1, intSetting(s, "anomaly.burst_minutes", t.burstMinutes));
    t.refundRatioPercent = intSetting(s, "anomaly.refund_ratio_percent", t.refundRatioPercent);
    t.refundRatioMinRefunds =
        std::max(1, intSetting(s, "anomaly.refund_ratio_min_refunds", t.refundRatioMinRefunds));
    t.refundVelocityCount =
        std::max(1, intSetting(s, "anomaly.refund_velocity_count", t.refundVelocityCount));
    t.refundVelocityMinutes =
        std::max(1, intSetting(s, "anomaly.refund_velocity_minutes", t.refundVelocityMinutes));
    t.openingHours = s.value(QStringLiteral("anomaly.opening_hours"), t.openingHours);
    t.timeZone = s.value(QStringLiteral("store.timezone"), t.timeZone);
    t.codeFailuresCount =
        std::max(1, intSetting(s, "anomaly.code_failures_count", t.codeFailuresCount));
    t.codeFailuresMinutes =
        std::max(1, intSetting(s, "anomaly.code_failures_minutes", t.codeFailuresMinutes));
    t.reversalsCount = std::max(1, intSetting(s, "anomaly.reversals_count", t.reversalsCount));
    t.reversalsMinutes =
        std::max(1, intSetting(s, "anomaly.reversals_minutes", t.reversalsMinutes));
    return t;
}

AnomalyMonitor::AnomalyMonitor(Database &db, SettingsStore &settings, AuditLog &audit, Clock &clock,
                               QObject *parent)
    : QObject(parent), m_db(db), m_settings(settings), m_audit(audit), m_clock(clock)
{
    qRegisterMetaType<paydesk::Alert>();
}

AnomalyThresholds AnomalyMonitor::thresholds() const
{
    return AnomalyThresholds::load(m_settings);
}

QString AnomalyMonitor::kindId(PaymentEvent::Kind kind)
{
    switch (kind) {
    case PaymentEvent::Kind::Paid:
        return QStringLiteral("paid");
    case PaymentEvent::Kind::Failed:
        return QStringLiteral("failed");
    case PaymentEvent::Kind::CodeFailed:
        return QStringLiteral("code_failed");
    case PaymentEvent::Kind::Refund:
        return QStringLiteral("refund");
    case PaymentEvent::Kind::Reversal:
        return QStringLiteral("reversal");
    }
    return {};
}

QString AnomalyMonitor::severityId(Alert::Severity severity)
{
    switch (severity) {
    case Alert::Severity::Info:
        return QStringLiteral("info");
    case Alert::Severity::Warning:
        return QStringLiteral("warning");
    case Alert::Severity::Critical:
        return QStringLiteral("critical");
    }
    return {};
}

static Alert::Severity severityFromId(const QString &id)
{
    if (id == u"info")
        return Alert::Severity::Info;
    if (id == u"critical")
        return Alert::Severity::Critical;
    return Alert::Severity::Warning;
}

void AnomalyMonitor::observe(const PaymentEvent &input)
{
    PaymentEvent event = input;
    if (!event.at.isValid())
        event.at = m_clock.nowUtc();
    const AnomalyThresholds t = thresholds();

    QList<Alert> raised;
    {
        Transaction tx(m_db);
        if (!tx.began().ok()) {
            qCWarning(lcSecurity) << "anomaly monitor cannot record event:"
                                  << tx.began().error().message;
            return;
        }
        auto ins = m_db.exec(
            QStringLiteral("INSERT INTO security_payment_events(kind, amount_minor, cashier, at,"
                           " reference, payer_hash) VALUES(?, ?, ?, ?, ?, ?)"),
            {kindId(event.kind), event.amountMinor, event.cashier, fmt(event.at),
             event.reference.isEmpty() ? QVariant() : QVariant(event.reference),
             event.payerHash.isEmpty() ? QVariant() : QVariant(event.payerHash)});
        if (!ins.ok()) {
            qCWarning(lcSecurity) << "anomaly monitor cannot record event:" << ins.error().message;
            return;
        }
        const qint64 eventId = ins.value().lastInsertId().toLongLong();
        if (t.enabled)
            evaluate(event, eventId, t, raised);
        for (Alert &a : raised) {
            if (auto s = raise(a, event.payerHash); !s.ok()) {
                qCWarning(lcSecurity) << "cannot store alert:" << s.error().message;
                return;
            }
        }
        if (auto c = tx.commit(); !c.ok()) {
            qCWarning(lcSecurity) << "anomaly monitor commit failed:" << c.error().message;
            return;
        }
    }
    for (const Alert &a : raised) {
        qCWarning(lcSecurity) << "anomaly" << a.rule << a.cashier << a.message;
        emit alertRaised(a);
    }
    if (!raised.isEmpty())
        emit alertsChanged();
}

Result<qint64> AnomalyMonitor::countSince(const QString &kind, const QDateTime &since,
                                          const QString &cashier) const
{
    QString sql =
        QStringLiteral("SELECT COUNT(*) FROM security_payment_events WHERE kind = ? AND at > ?");
    QVariantList binds{kind, fmt(since)};
    if (!cashier.isNull()) {
        sql += QStringLiteral(" AND cashier = ?");
        binds << cashier;
    }
    auto v = m_db.scalar(sql, binds);
    if (!v.ok())
        return v.error();
    return v.value() ? v.value()->toLongLong() : 0;
}

bool AnomalyMonitor::firedSince(const QString &rule, const QString &cashier,
                                const QDateTime &since) const
{
    auto v = m_db.scalar(
        QStringLiteral(
            "SELECT COUNT(*) FROM alerts WHERE rule = ? AND COALESCE(cashier, '') = COALESCE(?, '')"
            " AND at > ?"),
        {rule, cashier, fmt(since)});
    return v.ok() && v.value() && v.value()->toLongLong() > 0;
}

void AnomalyMonitor::evaluate(const PaymentEvent &e, qint64 eventId, const AnomalyThresholds &t,
                              QList<Alert> &raised)
{
    auto make = [&](const QString &rule, Alert::Severity sev, const QString &cashier,
                    const QString &message, QJsonObject details) {
        Alert a;
        a.at = e.at;
        a.rule = rule;
        a.severity = sev;
        a.cashier = cashier;
        a.message = message;
        if (!e.reference.isEmpty())
            details.insert(QStringLiteral("reference"), e.reference);
        a.details = details;
        raised << a;
    };

    switch (e.kind) {
    case PaymentEvent::Kind::Paid: {
        // Large ticket: compare with the trailing median of earlier paid payments.
        if (e.amountMinor > t.largeTicketFloorMinor) {
            auto q =
                m_db.exec(QStringLiteral(
                              "SELECT amount_minor FROM security_payment_events WHERE kind = 'paid'"
                              " AND id < ? ORDER BY id DESC LIMIT ?"),
                          {eventId, t.largeTicketHistory});
            if (q.ok()) {
                QList<qint64> amounts;
                while (q.value().next())
                    amounts << q.value().value(0).toLongLong();
                if (!amounts.isEmpty() && amounts.size() >= t.largeTicketMinHistory) {
                    std::sort(amounts.begin(), amounts.end());
                    const qsizetype n = amounts.size();
                    const qint64 median =
                        n % 2 ? amounts.at(n / 2) : (amounts.at(n / 2 - 1) + amounts.at(n / 2)) / 2;
                    if (median > 0 && e.amountMinor / t.largeTicketFactor >= median &&
                        e.amountMinor > median * t.largeTicketFactor) {
                        make(QStringLiteral("large_ticket"), Alert::Severity::Warning, e.cashier,
                             tr("A payment of %1 is more than %2 times the usual ticket (median "
                                "%3).")
                                 .arg(money(e.amountMinor))
                                 .arg(t.largeTicketFactor)
                                 .arg(money(median)),
                             {{QStringLiteral("amount_minor"), e.amountMinor},
                              {QStringLiteral("median_minor"), median},
                              {QStringLiteral("history"), int(n)}});
                    }
                }
            }
        }
        // Burst of payments on the till.
        const QDateTime since = e.at.addSecs(-qint64(t.burstMinutes) * 60);
        auto n = countSince(QStringLiteral("paid"), since, QString());
        if (n.ok() && n.value() >= t.burstCount &&
            !firedSince(QStringLiteral("payment_burst"), QString(), since)) {
            make(QStringLiteral("payment_burst"), Alert::Severity::Warning, QString(),
                 tr("%1 payments in the last %2 minutes.").arg(n.value()).arg(t.burstMinutes),
                 {{QStringLiteral("count"), n.value()},
                  {QStringLiteral("minutes"), t.burstMinutes}});
        }
        break;
    }
    case PaymentEvent::Kind::Refund: {
        const QTimeZone tz = zoneOf(t.timeZone);
        const QDateTime local = e.at.toTimeZone(tz);
        // Outside opening hours.
        if (const auto hours = parseHours(t.openingHours)) {
            const int minute = local.time().hour() * 60 + local.time().minute();
            const auto [open, close] = *hours;
            const bool inside = open <= close ? (minute >= open && minute < close)
                                              : (minute >= open || minute < close);
            if (!inside) {
                make(QStringLiteral("refund_outside_hours"), Alert::Severity::Warning, e.cashier,
                     tr("%1 refunded %2 at %3, outside opening hours (%4).")
                         .arg(e.cashier, money(e.amountMinor),
                              local.toString(QStringLiteral("HH:mm")), t.openingHours),
                     {{QStringLiteral("amount_minor"), e.amountMinor},
                      {QStringLiteral("local_time"), local.toString(Qt::ISODate)}});
            }
        }
        // Refund velocity per cashier.
        const QDateTime since = e.at.addSecs(-qint64(t.refundVelocityMinutes) * 60);
        auto n = countSince(QStringLiteral("refund"), since, e.cashier);
        if (n.ok() && n.value() >= t.refundVelocityCount &&
            !firedSince(QStringLiteral("refund_velocity"), e.cashier, since)) {
            make(QStringLiteral("refund_velocity"), Alert::Severity::Critical, e.cashier,
                 tr("%1 made %2 refunds in %3 minutes.")
                     .arg(e.cashier)
                     .arg(n.value())
                     .arg(t.refundVelocityMinutes),
                 {{QStringLiteral("count"), n.value()},
                  {QStringLiteral("minutes"), t.refundVelocityMinutes}});
        }
        // Refund ratio per cashier for the business day.
        const QDateTime dayStart = QDateTime(local.date(), QTime(0, 0), tz).toUTC();
        auto sums = m_db.exec(
            QStringLiteral("SELECT kind, COUNT(*), COALESCE(SUM(amount_minor), 0)"
                           " FROM security_payment_events WHERE cashier = ? AND at >= ? AND at <= ?"
                           " AND kind IN ('paid', 'refund') GROUP BY kind"),
            {e.cashier, fmt(dayStart), fmt(e.at)});
        if (sums.ok()) {
            qint64 paid = 0, refunded = 0, refunds = 0;
            while (sums.value().next()) {
                if (sums.value().value(0).toString() == u"paid") {
                    paid = sums.value().value(2).toLongLong();
                } else {
                    refunds = sums.value().value(1).toLongLong();
                    refunded = sums.value().value(2).toLongLong();
                }
            }
            // refunded/paid > percent/100, in integers; refunds with no sales at all count as 100
            // %.
            const bool over =
                paid == 0 ? refunded > 0 : refunded * 100 > paid * qint64(t.refundRatioPercent);
            if (refunds >= t.refundRatioMinRefunds && over &&
                !firedSince(QStringLiteral("refund_ratio"), e.cashier, dayStart)) {
                make(QStringLiteral("refund_ratio"), Alert::Severity::Warning, e.cashier,
                     tr("%1 refunded %2 of %3 taken today (more than %4%).")
                         .arg(e.cashier, money(refunded), money(paid))
                         .arg(t.refundRatioPercent),
                     {{QStringLiteral("refunded_minor"), refunded},
                      {QStringLiteral("paid_minor"), paid},
                      {QStringLiteral("refunds"), refunds},
                      {QStringLiteral("day"), local.date().toString(Qt::ISODate)}});
            }
        }
        break;
    }
    case PaymentEvent::Kind::CodeFailed: {
        const QDateTime since = e.at.addSecs(-qint64(t.codeFailuresMinutes) * 60);
        auto n = countSince(QStringLiteral("code_failed"), since, QString());
        if (n.ok() && n.value() >= t.codeFailuresCount &&
            !firedSince(QStringLiteral("code_failures"), QString(), since)) {
            make(QStringLiteral("code_failures"), Alert::Severity::Warning, QString(),
                 tr("%1 payment codes were refused in %2 minutes.")
                     .arg(n.value())
                     .arg(t.codeFailuresMinutes),
                 {{QStringLiteral("count"), n.value()},
                  {QStringLiteral("minutes"), t.codeFailuresMinutes},
                  {QStringLiteral("last_cashier"), e.cashier}});
        }
        break;
    }
    case PaymentEvent::Kind::Reversal: {
        const QDateTime since = e.at.addSecs(-qint64(t.reversalsMinutes) * 60);
        auto n = countSince(QStringLiteral("reversal"), since, e.cashier);
        if (n.ok() && n.value() >= t.reversalsCount &&
            !firedSince(QStringLiteral("reversals"), e.cashier, since)) {
            make(QStringLiteral("reversals"), Alert::Severity::Warning, e.cashier,
                 tr("%1 cancelled or reversed %2 payments in %3 minutes.")
                     .arg(e.cashier)
                     .arg(n.value())
                     .arg(t.reversalsMinutes),
                 {{QStringLiteral("count"), n.value()},
                  {QStringLiteral("minutes"), t.reversalsMinutes}});
        }
        break;
    }
    case PaymentEvent::Kind::Failed:
        break;
    }
}

Status AnomalyMonitor::raise(Alert &a, const QString &payerHash)
{
    auto ins = m_db.exec(
        QStringLiteral(
            "INSERT INTO alerts(at, rule, severity, cashier, message, details, payer_hash)"
            " VALUES(?, ?, ?, ?, ?, ?, ?)"),
        {fmt(a.at), a.rule, severityId(a.severity),
         a.cashier.isEmpty() ? QVariant() : QVariant(a.cashier), a.message,
         QString::fromUtf8(QJsonDocument(a.details).toJson(QJsonDocument::Compact)),
         payerHash.isEmpty() ? QVariant() : QVariant(payerHash)});
    if (!ins.ok())
        return ins.error();
    a.id = ins.value().lastInsertId().toLongLong();
    QJsonObject details = a.details;
    details.insert(QStringLiteral("alert_id"), a.id);
    details.insert(QStringLiteral("severity"), severityId(a.severity));
    details.insert(QStringLiteral("cashier"), a.cashier);
    if (auto r =
            m_audit.append(QStringLiteral("anomaly.") + a.rule, QStringLiteral("system"), details);
        !r.ok())
        return r.error();
    return {};
}

Result<QList<Alert>> AnomalyMonitor::alerts(bool openOnly, int limit) const
{
    auto q = m_db.exec(
        QStringLiteral("SELECT id, at, rule, severity, cashier, message, details, acknowledged_by,"
                       " acknowledged_at, acknowledge_note FROM alerts %1 ORDER BY id DESC LIMIT ?")
            .arg(openOnly ? QStringLiteral("WHERE acknowledged_at IS NULL") : QString()),
        {limit});
    if (!q.ok())
        return q.error();
    QList<Alert> out;
    while (q.value().next()) {
        Alert a;
        a.id = q.value().value(0).toLongLong();
        a.at = QDateTime::fromString(q.value().value(1).toString(), Qt::ISODateWithMs);
        a.rule = q.value().value(2).toString();
        a.severity = severityFromId(q.value().value(3).toString());
        a.cashier = q.value().value(4).toString();
        a.message = q.value().value(5).toString();
        a.details = QJsonDocument::fromJson(q.value().value(6).toString().toUtf8()).object();
        a.acknowledgedBy = q.value().value(7).toString();
        if (!q.value().value(8).isNull())
            a.acknowledgedAt =
                QDateTime::fromString(q.value().value(8).toString(), Qt::ISODateWithMs);
        a.acknowledgeNote = q.value().value(9).toString();
        out << a;
    }
    return out;
}

int AnomalyMonitor::openAlertCount() const
{
    auto v =
        m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM alerts WHERE acknowledged_at IS NULL"));
    return v.ok() && v.value() ? v.value()->toInt() : 0;
}

Status AnomalyMonitor::acknowledge(qint64 alertId, const Session &by, const QString &note)
{
    if (auto s = by.authorize(Permission::ViewAudit); !s.ok())
        return s;
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto u = m_db.exec(
        QStringLiteral(
            "UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ?, acknowledge_note = ?"
            " WHERE id = ? AND acknowledged_at IS NULL"),
        {by.operatorName(), fmt(m_clock.nowUtc()), note, alertId});
    if (!u.ok())
        return u.error();
    if (u.value().numRowsAffected() != 1)
        return Status::failure(QStringLiteral("security.no_such_alert"),
                               tr("The alert does not exist or was already acknowledged."));
    if (auto a =
            m_audit.append(QStringLiteral("anomaly.acknowledged"), by.operatorName(),
                           {{QStringLiteral("alert_id"), alertId}, {QStringLiteral("note"), note}});
        !a.ok())
        return a.error();
    if (auto c = tx.commit(); !c.ok())
        return c;
    emit alertsChanged();
    return {};
}

} // namespace paydesk
