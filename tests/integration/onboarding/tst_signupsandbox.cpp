// Each provider's sign-up client against the sandbox over real HTTP: submit, review (with the
// sandbox's deterministic rejections), the legal representative's confirmation, activation
// to an account that takes a payment; the micro-deposit; a forged partner key.
#include "core/onboarding/depositclient.h"
#include "core/onboarding/signupclient.h"
#include "core/providers/providerregistry.h"
#include "core/util/clock.h"
#include "signupkit.h"
#include "testsandbox.h"

#include <QTest>

using namespace paydesk;
using namespace paydesk::onboarding;
namespace F = ApplicationFields;

class TestSignupSandbox : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void happyPathToFinished_data();
    void happyPathToFinished();
    void activatedAccountTakesAPayment_data();
    void activatedAccountTakesAPayment();
    void blurryLicenceRejectedThenResubmitted_data();
    void blurryLicenceRejectedThenResubmitted();
    void deterministicRejections_data();
    void deterministicRejections();
    void reviewDelayShowsUnderReview_data();
    void reviewDelayShowsUnderReview();
    void forgedPartnerKeyIsRefused_data();
    void forgedPartnerKeyIsRefused();
    void microDeposit();

private:
    void addProviders();
    SignupPartner partner(const QString &provider);
    std::unique_ptr<SignupClient> client(const SignupPartner &p);
    ReviewStatus query(SignupClient &c, const MerchantApplication &a);
    /// Submits a good application and confirms it: Finished, with its merchant id.
    MerchantApplication finished(SignupClient &c, const QString &provider);
    QString submit(SignupClient &c, const MerchantApplication &a);
    void confirm(const QString &url);

    test::TestSandbox m_sandbox;
    SignupRegistry m_signups;
    ProviderRegistry m_registry;
    SystemClock m_clock;
    QMap<QString, SignupPartner> m_partners;
};

void TestSignupSandbox::initTestCase()
{
    QCOMPARE(m_sandbox.startServer(), QString());
    registerBuiltinSignups(m_signups);
    registerBuiltinProviders(m_registry);
    QVERIFY(!m_signups.providers().isEmpty());
    int status = 0;
    m_sandbox.control(QStringLiteral("/sandbox/signup/config"),
                      QJsonObject{{QStringLiteral("review_delay_ms"), 0}}, &status);
    QCOMPARE(status, 200);
}

void TestSignupSandbox::addProviders()
{
    QTest::addColumn<QString>("provider");
    for (const QString &p : m_signups.providers())
        QTest::newRow(qPrintable(p)) << p;
}

SignupPartner TestSignupSandbox::partner(const QString &provider)
{
    // One partner per provider for the whole run: each costs an RSA key.
    if (m_partners.contains(provider))
        return m_partners.value(provider);
    std::optional<Result<SignupPartner>> got;
    QObject ctx;
    m_signups.find(provider)->sandboxPartner(&m_sandbox.network, m_sandbox.baseUrl(), &ctx,
                                             [&](Result<SignupPartner> r) { got = r; });
    if (!test::waitFor(got) || !got->ok())
        qFatal("no sandbox partner: %s", got ? qPrintable(got->error().message) : "timeout");
    m_partners.insert(provider, got->value());
    return got->value();
}

std::unique_ptr<SignupClient> TestSignupSandbox::client(const SignupPartner &p)
{
    return m_signups.find(p.provider)->factory(p, &m_sandbox.network, &m_clock);
}

QString TestSignupSandbox::submit(SignupClient &c, const MerchantApplication &a)
{
    std::optional<Result<QString>> ref;
    c.submit(a, [&](Result<QString> r) { ref = r; });
    if (!test::waitFor(ref))
        return {};
    if (!ref->ok())
        qWarning() << ref->error().message;
    return ref->ok() ? ref->value() : QString();
}

ReviewStatus TestSignupSandbox::query(SignupClient &c, const MerchantApplication &a)
{
    std::optional<Result<ReviewStatus>> s;
    c.query(a, [&](Result<ReviewStatus> r) { s = r; });
    if (!test::waitFor(s) || !s->ok()) {
        qWarning() << (s ? s->error().message : QStringLiteral("timeout"));
        return {};
    }
    return s->value();
}

void TestSignupSandbox::confirm(const QString &url)
{
    // The legal representative opens the page behind the QR and presses Confirm.
    QNetworkRequest request{QUrl(url + QStringLiteral("/confirm"))};
    QNetworkReply *reply = m_sandbox.network.post(request, QByteArray());
    std::optional<int> status;
    QObject::connect(reply, &QNetworkReply::finished, [&] {
        status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    });
    QVERIFY(test::waitFor(status));
    reply->deleteLater();
    QCOMPARE(*status, 200);
}

MerchantApplication TestSignupSandbox::finished(SignupClient &c, const QString &provider)
{
    MerchantApplication a = test::goodApplication(provider);
    a.providerRef = submit(c, a);
    [&] { QVERIFY(!a.providerRef.isEmpty()); }();
    ReviewStatus s = query(c, a);
    [&] {
        QCOMPARE(s.state, ApplicationState::AwaitingConfirmation);
        QVERIFY(s.rejections.isEmpty());
        QVERIFY2(s.confirmUrl.startsWith(m_sandbox.baseUrl().toString()), qPrintable(s.confirmUrl));
    }();
    confirm(s.confirmUrl);
    s = query(c, a);
    [&] {
        QCOMPARE(s.state, ApplicationState::Finished);
        QVERIFY(!s.merchantId.isEmpty());
    }();
    a.state = s.state;
    a.merchantId = s.merchantId;
    return a;
}

void TestSignupSandbox::happyPathToFinished_data()
{
    addProviders();
}

void TestSignupSandbox::happyPathToFinished()
{
    QFETCH(QString, provider);
    auto c = client(partner(provider));
    const MerchantApplication a = finished(*c, provider);
    QCOMPARE(a.state, ApplicationState::Finished);
    // A second application under the same business code while this one is done is refused
    // (WeChat: PROCESSING) or opens a new batch (Alipay): never a silent overwrite.
    const QJsonArray apps = m_sandbox.control(QStringLiteral("/sandbox/signup/applications"))
                                .value(QStringLiteral("applications"))
                                .toArray();
    int finishedApps = 0;
    for (const QJsonValue &v : apps)
        finishedApps += v.toObject().value(QStringLiteral("stage")).toString() == u"finished";
    QVERIFY(finishedApps >= 1);
}

void TestSignupSandbox::activatedAccountTakesAPayment_data()
{
    // Only providers whose payment adapter is in this build can take the payment.
    QTest::addColumn<QString>("provider");
    for (const QString &p : m_signups.providers())
        if (const ProviderDescriptor *d = m_registry.find(p); d && d->hasAdapter())
            QTest::newRow(qPrintable(p)) << p;
}

void TestSignupSandbox::activatedAccountTakesAPayment()
{
    QFETCH(QString, provider);
    const SignupPartner p = partner(provider);
    auto c = client(p);
    const MerchantApplication a = finished(*c, provider);
    QCOMPARE(a.state, ApplicationState::Finished);

    // Activation: the merchant's own key pair, its public half registered.
    auto key = crypto::RsaKey::generate(2048);
    QVERIFY(key.ok());
    std::optional<Result<ProviderAccount>> account;
    c->activate(a, key.value(), [&](Result<ProviderAccount> r) { account = r; });
    QVERIFY(test::waitFor(account));
    QVERIFY2(account->ok(), account->ok() ? "" : qPrintable(account->error().message));
    QCOMPARE(account->value().appPrivateKeyPem, key.value().privateKeyPem());
    QVERIFY(account->value().appId != p.partnerId);

    // ...and the till takes a payment with it.
    ProviderEnvironment env{&m_sandbox.network, &m_clock};
    auto adapter = m_registry.create(account->value(), env);
    QVERIFY2(adapter.ok(), adapter.ok() ? "" : qPrintable(adapter.error().message));
    // The buyer's code of this provider: the one its registered code rule recognises.
    QString code;
    const QJsonObject buyer = m_sandbox.newBuyer(100000);
    for (const QJsonValue &v : buyer) {
        const ProviderDescriptor *d = m_registry.forPaymentCode(v.toString());
        if (d && d->id == provider)
            code = v.toString();
    }
    QVERIFY(!code.isEmpty());
    CodePayRequest pay;
    pay.outTradeNo =
        QStringLiteral("SIGNUP-") + QString::number(QDateTime::currentMSecsSinceEpoch());
    pay.amount = Money::fromMinor(1234);
    pay.subject = QStringLiteral("first sale");
    pay.authCode = code;
    std::optional<TradeReply> paid;
    adapter.value()->payWithCode(pay, [&](const TradeReply &r) { paid = r; });
    QVERIFY(test::waitFor(paid));
    QVERIFY2(paid->status.ok(), qPrintable(paid->status.message));
    QCOMPARE(paid->state, TradeState::Success);
    QCOMPARE(m_sandbox.chargesFor(pay.outTradeNo), 1);
}

void TestSignupSandbox::blurryLicenceRejectedThenResubmitted_data()
{
    addProviders();
}

void TestSignupSandbox::blurryLicenceRejectedThenResubmitted()
{
    QFETCH(QString, provider);
    auto c = client(partner(provider));
    MerchantApplication a = test::goodApplication(provider);
    const QString licence = QString::fromLatin1(F::licencePhoto);
    a.documents[licence].bytes = test::blurryLicenceJpeg();
    a.providerRef = submit(*c, a);
    QVERIFY(!a.providerRef.isEmpty());
    ReviewStatus s = query(*c, a);
    QCOMPARE(s.state, ApplicationState::Rejected);
    QCOMPARE(s.rejections.size(), 1);
    QCOMPARE(s.rejections.first().field, licence);
    QVERIFY(!s.rejections.first().reason.isEmpty());

    a.documents[licence].bytes = test::sharpLicenceJpeg();
    a.providerRef = submit(*c, a); // same business code
    QVERIFY(!a.providerRef.isEmpty());
    s = query(*c, a);
    QCOMPARE(s.state, ApplicationState::AwaitingConfirmation);
    confirm(s.confirmUrl);
    QCOMPARE(query(*c, a).state, ApplicationState::Finished);
}

void TestSignupSandbox::deterministicRejections_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("field");
    for (const QString &p : m_signups.providers()) {
        QTest::addRow("%s invalid licence code", qPrintable(p))
            << p << "code" << QString::fromLatin1(F::creditCode);
        QTest::addRow("%s restricted category", qPrintable(p))
            << p << "category" << QString::fromLatin1(F::category);
        QTest::addRow("%s low-resolution store front", qPrintable(p))
            << p << "small" << QString::fromLatin1(F::storeFrontPhoto);
    }
}

void TestSignupSandbox::deterministicRejections()
{
    QFETCH(QString, provider);
    QFETCH(QString, rule);
    QFETCH(QString, field);
    auto c = client(partner(provider));
    MerchantApplication a = test::goodApplication(provider);
    if (rule == u"code")
        a.business.creditCode = QStringLiteral("91512081MA62K0260F");
    else if (rule == u"category")
        a.business.category = QStringLiteral("lending"); // the wizard refuses it before sending
    else
        a.documents[field].bytes = test::jpeg(test::drawLicence(640, 480));
    a.providerRef = submit(*c, a);
    QVERIFY(!a.providerRef.isEmpty());
    const ReviewStatus s = query(*c, a);
    QCOMPARE(s.state, ApplicationState::Rejected);
    QStringList fields;
    for (const Rejection &r : s.rejections)
        fields << r.field;
    QVERIFY2(fields.contains(field), qPrintable(fields.join(u',')));
}

void TestSignupSandbox::reviewDelayShowsUnderReview_data()
{
    addProviders();
}

void TestSignupSandbox::reviewDelayShowsUnderReview()
{
    QFETCH(QString, provider);
    auto c = client(partner(provider));
    m_sandbox.control(QStringLiteral("/sandbox/signup/config"),
                      QJsonObject{{QStringLiteral("review_delay_ms"), 400}});
    MerchantApplication a = test::goodApplication(provider);
    a.providerRef = submit(*c, a);
    QCOMPARE(query(*c, a).state, ApplicationState::UnderReview);
    test::TestSandbox::spin(500);
    QCOMPARE(query(*c, a).state, ApplicationState::AwaitingConfirmation);
    m_sandbox.control(QStringLiteral("/sandbox/signup/config"),
                      QJsonObject{{QStringLiteral("review_delay_ms"), 0}});
}

void TestSignupSandbox::forgedPartnerKeyIsRefused_data()
{
    addProviders();
}

void TestSignupSandbox::forgedPartnerKeyIsRefused()
{
    QFETCH(QString, provider);
    SignupPartner p = partner(provider);
    p.partnerPrivateKeyPem = crypto::RsaKey::generate(2048).value().privateKeyPem();
    auto c = client(p);
    const MerchantApplication a = test::goodApplication(provider);
    std::optional<Result<QString>> ref;
    c->submit(a, [&](Result<QString> r) { ref = r; });
    QVERIFY(test::waitFor(ref));
    QVERIFY(!ref->ok());
    QVERIFY(!ref->error().message.isEmpty());
    const QJsonArray apps = m_sandbox.control(QStringLiteral("/sandbox/signup/applications"))
                                .value(QStringLiteral("applications"))
                                .toArray();
    for (const QJsonValue &v : apps)
        QVERIFY(v.toObject().value(QStringLiteral("business_code")).toString() != a.businessCode);
}

void TestSignupSandbox::microDeposit()
{
    DepositClient deposits(&m_sandbox.network, m_sandbox.baseUrl());
    BankAccount bank = test::goodApplication(QString()).bank;
    std::optional<Result<QString>> sent;
    deposits.send(bank, [&](Result<QString> r) { sent = r; });
    QVERIFY(test::waitFor(sent));
    QVERIFY(sent->ok());
    QString depositId = sent->value();
    const QJsonObject statement =
        m_sandbox.control(QStringLiteral("/sandbox/signup/deposits/") + depositId);
    const qint64 amount = statement.value(QStringLiteral("amount_minor")).toInteger();
    QVERIFY(amount >= 1 && amount <= 99);

    const auto attempt = [&](qint64 minor) {
        std::optional<Result<DepositClient::Attempt>> got;
        deposits.confirm(depositId, Money::fromMinor(minor),
                         [&](Result<DepositClient::Attempt> r) { got = r; });
        test::waitFor(got);
        return *got;
    };
    auto wrong = attempt(amount + 100);
    QVERIFY(wrong.ok());
    QVERIFY(!wrong.value().verified);
    QCOMPARE(wrong.value().triesLeft, 2);
    auto right = attempt(amount);
    QVERIFY(right.ok());
    QVERIFY(right.value().verified);

    // A second deposit: three wrong amounts lock it, then even the right one is refused.
    std::optional<Result<QString>> again;
    deposits.send(bank, [&](Result<QString> r) { again = r; });
    QVERIFY(test::waitFor(again));
    QVERIFY(again->ok());
    depositId = again->value();
    const qint64 amount2 =
        m_sandbox.control(QStringLiteral("/sandbox/signup/deposits/") + depositId)
            .value(QStringLiteral("amount_minor"))
            .toInteger();
    QVERIFY(attempt(amount2 + 1).ok());
    QVERIFY(attempt(amount2 + 2).ok());
    QCOMPARE(attempt(amount2 + 3).error().code, QStringLiteral("deposit.locked"));
    QCOMPARE(attempt(amount2).error().code, QStringLiteral("deposit.locked"));
}

QTEST_MAIN(TestSignupSandbox)
#include "tst_signupsandbox.moc"
