#include "core/hq/hqsettings.h"

#include "core/crypto/secretvault.h"
#include "core/hq/hqschema.h"
#include "core/hq/hqtables.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/storage/transaction.h"

namespace paydesk {

// resources/migrations/0015_hq_outbox.sql names kEnabled's key and value in its triggers.
const QString HqSettings::kEnabled = QStringLiteral("hq.enabled");
const QString HqSettings::kUrl = QStringLiteral("hq.url");
const QString HqSettings::kStore = QStringLiteral("hq.store");
const QString HqSettings::kTill = QStringLiteral("hq.till");
const QString HqSettings::kPassword = QStringLiteral("hq.password");
const QString HqSettings::kInterval = QStringLiteral("hq.interval_s");

namespace {
const QByteArray kPasswordContext = QByteArrayLiteral("hq.password");
}

HqSettings::Values HqSettings::values() const
{
    Values v;
    v.enabled = m_settings.value(kEnabled, QString()) == u"1";
    v.url = m_settings.value(kUrl, QString());
    v.identity.store = m_settings.value(kStore, QString());
    v.identity.till = m_settings.value(kTill, QString());
    bool ok = false;
    const int interval = m_settings.value(kInterval, QString()).toInt(&ok);
    if (ok && interval >= 5)
        v.intervalSeconds = interval;
    return v;
}

Result<HqEndpoint> HqSettings::endpoint() const
{
    const Values v = values();
    if (v.url.isEmpty())
        return Error{QStringLiteral("hq.not_joined"),
                     tr("This till is not joined to a head office (paydeskctl hq join).")};
    QString password;
    if (const auto blob = m_settings.value(kPassword); blob && !blob->isEmpty()) {
        auto plain = m_vault.decryptString(*blob, kPasswordContext);
        if (!plain.ok())
            return plain.error();
        password = plain.value();
    }
    return HqEndpoint::parse(v.url, password);
}

Status HqSettings::join(const QString &url, const QString &password, const HqIdentity &identity,
                        int intervalSeconds)
{
    auto endpoint = HqEndpoint::parse(url, password);
    if (!endpoint.ok())
        return endpoint.error();
    if (!HqSchema::validIdentifier(identity.store) || !HqSchema::validIdentifier(identity.till))
        return Error{QStringLiteral("hq.till_id"),
                     tr("Store and till ids are 1 to 32 letters, digits, '-' or '_'.")};
    if (intervalSeconds < 5)
        return Error{QStringLiteral("hq.interval"),
                     tr("Pushing more often than every 5 seconds is not useful.")};
    QString blob;
    if (!endpoint.value().password().isEmpty()) {
        auto sealed = m_vault.encryptString(endpoint.value().password(), kPasswordContext);
        if (!sealed.ok())
            return sealed.error();
        blob = sealed.value();
    }
    const bool wasEnabled = values().enabled;
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    PAYDESK_TRY(m_settings.setValue(kUrl, endpoint.value().url()));
    PAYDESK_TRY(m_settings.setValue(kStore, identity.store));
    PAYDESK_TRY(m_settings.setValue(kTill, identity.till));
    PAYDESK_TRY(m_settings.setValue(kPassword, blob));
    PAYDESK_TRY(m_settings.setValue(kInterval, QString::number(intervalSeconds)));
    if (!wasEnabled) {
        // The history so far, queued in the order its tables depend on each other.
        for (const HqTable &t : HqTable::all())
            PAYDESK_TRY(m_db.exec(QStringLiteral("INSERT INTO hq_outbox(kind, local_id)"
                                                 " SELECT ?, id FROM %1 ORDER BY id")
                                      .arg(t.localTable),
                                  {t.kind}));
        PAYDESK_TRY(m_settings.setValue(kEnabled, QStringLiteral("1")));
    }
    return tx.commit();
}

Status HqSettings::leave()
{
    return m_settings.setValue(kEnabled, QStringLiteral("0"));
}

} // namespace paydesk
