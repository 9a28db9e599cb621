#pragma once

#include "core/util/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

namespace paydesk {

class AuditLog;
class Clock;
class Database;
class Session;
class SettingsStore;

/// What checkout/refund code reports to the AnomalyMonitor. Self-contained on purpose: the
/// monitor keeps its own copy (table security_payment_events) and never reads checkout tables.
struct PaymentEvent
{
    enum class Kind {
        Paid,       ///< a payment succeeded
        Failed,     ///< a payment attempt failed
        CodeFailed, ///< a scanned payment code was refused (invalid, expired, wrong wallet)
        Refund,     ///< a refund was made (amountMinor = refunded amount)
        Reversal,   ///< a payment was cancelled / reversed
    };
    Kind kind = Kind::Paid;
    qint64 amountMinor = 0;
    QString cashier;   ///< operator name
    QDateTime at;      ///< UTC; invalid = now
    QString reference; ///< out_trade_no / out_request_no, optional
    QString payerHash; ///< PayerHasher output, optional (personal data: purged by retention)
};

struct Alert
{
    enum class Severity { Info, Warning, Critical };
    qint64 id = 0;
    QDateTime at;
    QString rule; ///< large_ticket, payment_burst, refund_ratio, refund_velocity,
                  ///< refund_outside_hours, code_failures, reversals
    Severity severity = Severity::Warning;
    QString cashier;
    QString message; ///< translated when raised
    QJsonObject details;
    QString acknowledgedBy;
    QDateTime acknowledgedAt;
    QString acknowledgeNote;
    bool isAcknowledged() const { return acknowledgedAt.isValid(); }
};

/// Thresholds, from the settings table (key: default).
///   anomaly.enabled: 1
///   anomaly.large_ticket_factor: 5          paid amount > factor x median of the last
///   anomaly.large_ticket_history: 200       ... N paid payments (needs at least
///   anomaly.large_ticket_min_history: 20    ... this many) and
///   anomaly.large_ticket_floor_minor: 50000 ... above this floor
///   anomaly.burst_count: 20, anomaly.burst_minutes: 5        at least N payments in M minutes
///   anomaly.refund_ratio_percent: 30, anomaly.refund_ratio_min_refunds: 3
///                                 refunded/paid amount of one cashier in one business day
///   anomaly.refund_velocity_count: 3, anomaly.refund_velocity_minutes: 10  per cashier
///   anomaly.opening_hours: "08:00-22:00" (local, may wrap midnight; empty = no rule)
///   store.timezone: "Asia/Shanghai"         for opening hours and business days
///   anomaly.code_failures_count: 5, anomaly.code_failures_minutes: 5       whole till
///   anomaly.reversals_count: 5, anomaly.reversals_minutes: 30              per cashier
struct AnomalyThresholds
{
    bool enabled = true;
    int largeTicketFactor = 5;
    int largeTicketHistory = 200;
    int largeTicketMinHistory = 20;
    qint64 largeTicketFloorMinor = 50000;
    int burstCount = 20;
    int burstMinutes = 5;
    int refundRatioPercent = 30;
    int refundRatioMinRefunds = 3;
    int refundVelocityCount = 3;
    int refundVelocityMinutes = 10;
    QString openingHours = QStringLiteral("08:00-22:00");
    QString timeZone = QStringLiteral("Asia/Shanghai");
    int codeFailuresCount = 5;
    int codeFailuresMinutes = 5;
    int reversalsCount = 5;
    int reversalsMinutes = 30;

    static AnomalyThresholds load(const SettingsStore &settings);
};

/// Watches payment events for patterns worth a manager's look (fraud, a cashier refunding to
/// themselves, a scanner being brute-forced). Each alert goes to the `alerts` table, to the
/// audit log (action "anomaly.<rule>") and out through alertRaised(). A rule that fired for a
/// cashier stays quiet for its window (for refund_ratio: for the rest of that business day).
class AnomalyMonitor : public QObject
{
    Q_OBJECT
public:
    AnomalyMonitor(Database &db, SettingsStore &settings, AuditLog &audit, Clock &clock,
                   QObject *parent = nullptr);

    /// Records \a event and evaluates the rules. Failures are logged, never thrown at checkout.
    void observe(const PaymentEvent &event);

    Result<QList<Alert>> alerts(bool openOnly = false, int limit = 500) const;
    int openAlertCount() const;
    /// Needs Permission::ViewAudit (owner/manager).
    Status acknowledge(qint64 alertId, const Session &by, const QString &note = {});

    AnomalyThresholds thresholds() const;

    static QString kindId(PaymentEvent::Kind kind);
    static QString severityId(Alert::Severity severity);

signals:
    void alertRaised(const paydesk::Alert &alert);
    void alertsChanged();

private:
    void evaluate(const PaymentEvent &event, qint64 eventId, const AnomalyThresholds &t,
                  QList<Alert> &raised);
    Result<qint64> countSince(const QString &kind, const QDateTime &since,
                              const QString &cashier) const;
    bool firedSince(const QString &rule, const QString &cashier, const QDateTime &since) const;
    Status raise(Alert &alert, const QString &payerHash);

    Database &m_db;
    SettingsStore &m_settings;
    AuditLog &m_audit;
    Clock &m_clock;
};

} // namespace paydesk

Q_DECLARE_METATYPE(paydesk::Alert)
