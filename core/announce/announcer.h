#pragma once

#include "core/announce/announcement.h"
#include "core/util/result.h"

#include <QObject>

#include <functional>

namespace paydesk {

class AuditLog;
class CheckoutService;
class OrderQueries;
class SettingsStore;

/// The till's spoken-announcement preferences (keys announce.*), read through to the settings
/// table. Any logged-in operator may change them (they are the counter's, not the books');
/// each change is audited.
class AnnouncementSettings
{
    Q_DECLARE_TR_FUNCTIONS(AnnouncementSettings)
public:
    struct Values
    {
        bool payments = true;
        bool refunds = true;
        bool duplicates = true;
        QString voice;       ///< the engine's voice name; empty = the language's default
        double volume = 0.8; ///< 0..1
        double rate = 0.0;   ///< -1..1

        friend bool operator==(const Values &, const Values &) = default;
    };

    AnnouncementSettings(SettingsStore &store, AuditLog &audit);
    Values values() const;
    /// Stores \a values (clamped to their ranges) and audits "settings.changed".
    Status apply(const Values &values, const QString &operatorName);
    bool enabled(AnnouncementEvent event) const;

private:
    SettingsStore &m_store;
    AuditLog &m_audit;
};

/// Turns checkout's final events into announcements (ARCHITECTURE §11): a PAID wallet order,
/// a duplicate charge or late success, and refunds reported by the refund flow. Pending,
/// unknown, closed and failed orders say nothing. Where they are spoken is the sink's business
/// (the till's speech engine; a list in tests).
class Announcer : public QObject
{
    Q_OBJECT
public:
    using Sink = std::function<void(const Announcement &)>;

    Announcer(CheckoutService &checkout, const OrderQueries &orders,
              const AnnouncementSettings &settings, Sink sink, QObject *parent = nullptr);

    /// A refund went through (called by the refund flow once it is final and successful).
    void announceRefund(const Money &amount);

private:
    void emitIfEnabled(const Announcement &announcement);
    void onDuplicate(const QString &outTradeNo);

    CheckoutService &m_checkout;
    const OrderQueries &m_orders;
    const AnnouncementSettings &m_settings;
    Sink m_sink;
};

} // namespace paydesk
