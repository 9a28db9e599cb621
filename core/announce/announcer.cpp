#include "core/announce/announcer.h"

#include "core/checkout/checkoutservice.h"
#include "core/checkout/ordersnapshot.h"
#include "core/orders/orderqueries.h"
#include "core/security/auditlog.h"
#include "core/storage/settingsstore.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace paydesk {

namespace {

const QString kPayments = QStringLiteral("announce.payments");
const QString kRefunds = QStringLiteral("announce.refunds");
const QString kDuplicates = QStringLiteral("announce.duplicates");
const QString kVoice = QStringLiteral("announce.voice");
const QString kVolume = QStringLiteral("announce.volume");
const QString kRate = QStringLiteral("announce.rate");

QString flag(bool on)
{
    return on ? QStringLiteral("1") : QStringLiteral("0");
}

QList<QPair<QString, QString>> stored(const AnnouncementSettings::Values &v)
{
    return {{kPayments, flag(v.payments)},
            {kRefunds, flag(v.refunds)},
            {kDuplicates, flag(v.duplicates)},
            {kVoice, v.voice},
            {kVolume, QString::number(v.volume, 'f', 2)},
            {kRate, QString::number(v.rate, 'f', 2)}};
}

} // namespace

AnnouncementSettings::AnnouncementSettings(SettingsStore &store, AuditLog &audit)
    : m_store(store), m_audit(audit)
{
}

AnnouncementSettings::Values AnnouncementSettings::values() const
{
    const Values d;
    Values v;
    const auto on = [this](const QString &key, bool fallback) {
        const auto stored = m_store.value(key);
        return stored ? *stored == u"1" : fallback;
    };
    const auto number = [this](const QString &key, double fallback, double lo, double hi) {
        bool ok = false;
        const double x = m_store.value(key, QString()).toDouble(&ok);
        return ok ? std::clamp(x, lo, hi) : fallback;
    };
    v.payments = on(kPayments, d.payments);
    v.refunds = on(kRefunds, d.refunds);
    v.duplicates = on(kDuplicates, d.duplicates);
    v.voice = m_store.value(kVoice, d.voice);
    v.volume = number(kVolume, d.volume, 0.0, 1.0);
    v.rate = number(kRate, d.rate, -1.0, 1.0);
    return v;
}

Status AnnouncementSettings::apply(const Values &requested, const QString &operatorName)
{
    Values next = requested;
    next.volume = std::clamp(next.volume, 0.0, 1.0);
    next.rate = std::clamp(next.rate, -1.0, 1.0);
    const auto before = stored(values());
    const auto after = stored(next);
    QJsonArray changes;
    for (qsizetype i = 0; i < after.size(); ++i) {
        if (before.at(i).second == after.at(i).second)
            continue;
        PAYDESK_TRY(m_store.setValue(after.at(i).first, after.at(i).second));
        changes.append(QJsonObject{{QStringLiteral("key"), after.at(i).first},
                                   {QStringLiteral("from"), before.at(i).second},
                                   {QStringLiteral("to"), after.at(i).second}});
    }
    if (changes.isEmpty())
        return {};
    PAYDESK_TRY(m_audit.append(QStringLiteral("settings.changed"), operatorName,
                               {{QStringLiteral("changes"), changes}}));
    return {};
}

bool AnnouncementSettings::enabled(AnnouncementEvent event) const
{
    const Values v = values();
    switch (event) {
    case AnnouncementEvent::Payment:
        return v.payments;
    case AnnouncementEvent::Refund:
        return v.refunds;
    case AnnouncementEvent::DuplicateCharge:
        return v.duplicates;
    }
    return false;
}

Announcer::Announcer(CheckoutService &checkout, const OrderQueries &orders,
                     const AnnouncementSettings &settings, Sink sink, QObject *parent)
    : QObject(parent), m_checkout(checkout), m_orders(orders), m_settings(settings),
      m_sink(std::move(sink))
{
    connect(&checkout, &CheckoutService::orderFinished, this,
            [this](const OrderSnapshot &snapshot) {
                if (auto a = AnnouncementText::forFinishedOrder(
                        snapshot, m_checkout.walletName(snapshot.provider), QLocale()))
                    emitIfEnabled(*a);
            });
    connect(&checkout, &CheckoutService::lateSuccessDetected, this, &Announcer::onDuplicate);
    connect(&checkout, &CheckoutService::duplicateChargeDetected, this,
            [this](const QString &, const QString &outTradeNo) { onDuplicate(outTradeNo); });
}

void Announcer::announceRefund(const Money &amount)
{
    emitIfEnabled({AnnouncementEvent::Refund, AnnouncementText::refund(amount, QLocale())});
}

void Announcer::onDuplicate(const QString &outTradeNo)
{
    auto order = m_orders.byOutTradeNo(outTradeNo);
    const Money amount = order.ok() && order.value() ? order.value()->amount : Money();
    emitIfEnabled(
        {AnnouncementEvent::DuplicateCharge, AnnouncementText::duplicateCharge(amount, QLocale())});
}

void Announcer::emitIfEnabled(const Announcement &announcement)
{
    if (m_sink && m_settings.enabled(announcement.event))
        m_sink(announcement);
}

} // namespace paydesk
