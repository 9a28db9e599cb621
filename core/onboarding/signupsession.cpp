#include "core/onboarding/signupsession.h"

#include "core/providers/provideraccountstore.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QRegularExpression>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace paydesk::onboarding {

SignupSession::SignupSession(Services services, QObject *parent)
    : QObject(parent), m_s(std::move(services))
{
}

SignupSession::~SignupSession() = default;

const SignupDescriptor *SignupSession::descriptor() const
{
    return m_s.signups.find(m_app.provider);
}

Result<int> SignupSession::resume()
{
    auto loaded = m_s.drafts.load();
    if (!loaded.ok())
        return loaded.error();
    if (!loaded.value())
        return -1;
    m_app = loaded.value()->application;
    m_page = loaded.value()->page;
    emit changed();
    return m_page;
}

Status SignupSession::save(int page)
{
    m_page = page;
    return m_s.drafts.save(m_app, page);
}

QString SignupSession::newBusinessCode() const
{
    // ≤124 chars of [0-9A-Za-z_], prefixed with the partner's id (ONBOARDING-PROTOCOLS §1.2).
    QString prefix = m_partner.partnerId;
    prefix.remove(QRegularExpression(u"[^0-9A-Za-z_]"_s));
    const QByteArray random = crypto::randomBytes(8).toHex();
    return (prefix.left(32) + u"_PD"_s + m_s.clock.nowUtc().toString(u"yyyyMMddHHmmss"_s) + u"_"_s +
            QString::fromLatin1(random))
        .left(124);
}

QJsonObject SignupPartner::toJson() const
{
    return {{u"provider"_s, provider},
            {u"endpoint"_s, endpoint.toString()},
            {u"partner_id"_s, partnerId},
            {u"private_key"_s, QString::fromLatin1(partnerPrivateKeyPem)},
            {u"partner_serial"_s, partnerSerial},
            {u"provider_public_key"_s, QString::fromLatin1(providerPublicKeyPem)},
            {u"provider_serial"_s, providerSerial},
            {u"sandbox_base"_s, sandboxBase.toString()}};
}

SignupPartner SignupPartner::fromJson(const QJsonObject &o)
{
    SignupPartner p;
    p.provider = o.value(u"provider"_s).toString();
    p.endpoint = QUrl(o.value(u"endpoint"_s).toString());
    p.partnerId = o.value(u"partner_id"_s).toString();
    p.partnerPrivateKeyPem = o.value(u"private_key"_s).toString().toLatin1();
    p.partnerSerial = o.value(u"partner_serial"_s).toString();
    p.providerPublicKeyPem = o.value(u"provider_public_key"_s).toString().toLatin1();
    p.providerSerial = o.value(u"provider_serial"_s).toString();
    p.sandboxBase = QUrl(o.value(u"sandbox_base"_s).toString());
    return p;
}

void SignupSession::withClient(std::function<void(Result<SignupClient *>)> next)
{
    if (m_client && m_partner.provider == m_app.provider)
        return next(m_client.get());
    const SignupDescriptor *d = descriptor();
    // A resumed application is followed as the partner that sent it.
    if (d && m_app.partner.value(u"provider"_s).toString() == m_app.provider &&
        QUrl(m_app.partner.value(u"sandbox_base"_s).toString()) == m_s.sandboxBase) {
        m_partner = SignupPartner::fromJson(m_app.partner);
        m_client = d->factory(m_partner, m_s.network, &m_s.clock);
        return next(m_client.get());
    }
    if (!d || !m_s.partnerFor)
        return next(Result<SignupClient *>::failure(
            u"signup.no_provider"_s,
            QCoreApplication::translate("SignupSession",
                                        "This provider cannot open merchant accounts from "
                                        "Paydesk.")));
    m_s.partnerFor(m_app.provider, this, [this, d, next](Result<SignupPartner> partner) {
        if (!partner.ok())
            return next(partner.error());
        m_partner = partner.value();
        m_app.partner = m_partner.toJson();
        m_client = d->factory(m_partner, m_s.network, &m_s.clock);
        next(m_client.get());
    });
}

void SignupSession::submit(std::function<void(Status)> done)
{
    withClient([this, done](Result<SignupClient *> client) {
        if (!client.ok())
            return done(client.error());
        if (m_app.businessCode.isEmpty())
            m_app.businessCode = newBusinessCode();
        // Saved before sending: a crash now resubmits under the same business code.
        if (const Status saved = save(m_page); !saved.ok())
            return done(saved);
        client.value()->submit(m_app, [this, done](Result<QString> ref) {
            if (!ref.ok())
                return done(ref.error());
            m_app.providerRef = ref.value();
            m_app.state = ApplicationState::Submitted;
            m_app.rejections.clear();
            qCInfo(lcProviders) << m_app.provider << "application" << m_app.businessCode
                                << "submitted as" << m_app.providerRef;
            const Status saved = save(m_page);
            emit changed();
            done(saved);
        });
    });
}

void SignupSession::refresh(std::function<void(Status)> done)
{
    withClient([this, done](Result<SignupClient *> client) {
        if (!client.ok())
            return done(client.error());
        client.value()->query(m_app, [this, done](Result<ReviewStatus> status) {
            if (!status.ok())
                return done(status.error());
            const ReviewStatus &s = status.value();
            m_app.state = s.state;
            m_app.providerState = s.providerState;
            m_app.rejections = s.rejections;
            m_app.confirmUrl = s.confirmUrl;
            if (!s.merchantId.isEmpty())
                m_app.merchantId = s.merchantId;
            const Status saved = save(m_page);
            emit changed();
            done(saved);
        });
    });
}

void SignupSession::activate(std::function<void(Result<ProviderAccount>)> done)
{
    using R = Result<ProviderAccount>;
    if (m_app.state != ApplicationState::Finished)
        return done(
            R::failure(u"signup.not_finished"_s,
                       QCoreApplication::translate(
                           "SignupSession", "The provider has not opened the account yet.")));
    withClient([this, done](Result<SignupClient *> client) {
        if (!client.ok())
            return done(client.error());
        // The merchant's key pair is made here; only its public half leaves this PC.
        auto key = crypto::RsaKey::generate(2048);
        if (!key.ok())
            return done(key.error());
        client.value()->activate(m_app, key.value(), [this, done](R account) {
            if (!account.ok())
                return done(account);
            ProviderAccount a = account.value();
            a.environment = m_s.environment;
            if (const Status saved = m_s.accounts.save(a); !saved.ok())
                return done(saved.error());
            logIfFailed(m_s.drafts.clear(), lcProviders(), "clearing the signup draft");
            emit changed();
            done(a);
        });
    });
}

} // namespace paydesk::onboarding

namespace paydesk::onboarding {

SignupSession::PartnerSource SignupSession::sandboxPartners(const SignupRegistry &signups,
                                                            QNetworkAccessManager *network,
                                                            QUrl base)
{
    return [&signups, network, base](const QString &provider, QObject *ctx,
                                     std::function<void(Result<SignupPartner>)> done) {
        const SignupDescriptor *d = signups.find(provider);
        if (!d || !d->sandboxPartner)
            return done(Result<SignupPartner>::failure(
                u"signup.no_provider"_s,
                QCoreApplication::translate("SignupSession",
                                            "The sandbox cannot sign merchants up with %1.")
                    .arg(provider)));
        d->sandboxPartner(network, base, ctx, std::move(done));
    };
}

} // namespace paydesk::onboarding
