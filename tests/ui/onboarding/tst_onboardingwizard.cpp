// The first-run wizard clicked through offscreen against the real sandbox: the owner page
// refuses a weak password and a wrong TOTP; the fee calculator shows the figures of a given
// volume; connecting with a key pair made in Paydesk (its public half registered with the
// sandbox as a merchant would paste it into the console) succeeds, a wrong key is named at its
// field and nothing is saved; a wizard quit midway resumes from its draft.
#include "securityfixture.h"
#include "testsandbox.h"

#include "core/onboarding/draftstore.h"
#include "core/onboarding/providercatalog.h"
#include "core/onboarding/providerconnector.h"
#include "core/providers/provideraccountstore.h"
#include "core/providers/providerregistry.h"
#include "core/util/clock.h"
#include "ui/onboarding/connectaccountpanel.h"
#include "ui/onboarding/credentialform.h"
#include "ui/onboarding/onboardingwizard.h"
#include "ui/onboarding/ownerstep.h"
#include "ui/onboarding/providerchoicestep.h"
#include "ui/onboarding/providercomparison.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>

using namespace paydesk;
using namespace paydesk::testing;
using namespace Qt::StringLiterals;

namespace {

template <typename T> T *child(QWidget *w, const QString &name)
{
    T *c = w->findChild<T *>(name);
    if (!c)
        qWarning() << "missing child" << name;
    return c;
}

void type(QLineEdit *edit, const QString &text)
{
    edit->clear();
    QTest::keyClicks(edit, text);
}

} // namespace

class TestOnboardingWizard : public QObject
{
    Q_OBJECT
private:
    test::TestSandbox sandbox;
    ProviderRegistry registry;
    std::optional<ProviderCatalog> catalog;
    std::unique_ptr<SecurityFixture> f;
    std::unique_ptr<DraftStore> drafts;
    std::unique_ptr<ProviderConnector> connector;
    QString lastSecret;
    SystemClock wallClock; ///< WeChat Pay signatures carry the time: the sandbox's own clock

    std::unique_ptr<OnboardingWizard> makeWizard()
    {
        onboarding::Services services{
            *f->operators, registry,
            *catalog,      *drafts,
            *connector,    []() -> Result<QString> {
                                          return Error{u"test"_s, u"not this way"_s}; }};
        auto w = std::make_unique<OnboardingWizard>(services);
        w->show();
        return w;
    }
    QAbstractButton *next(OnboardingWizard &w)
    {
        return w.button(w.currentPage()->isCommitPage() ? QWizard::CommitButton
                                                        : QWizard::NextButton);
    }
    /// Welcome (connect) → Owner done with TOTP → Choose (the first provider): on the Connect page.
    void toConnectPage(OnboardingWizard &w, const QString &provider = u"alipay"_s)
    {
        child<QRadioButton>(&w, u"wayConnect"_s)->click();
        w.next();
        createOwner(w);
        enrolTotp(w);
        w.next();
        QCOMPARE(w.currentId(), int(onboarding::ChooseProviderPage));
        child<QRadioButton>(&w, u"choose_"_s + provider)->click();
        QVERIFY(next(w)->isEnabled());
        w.next();
        QCOMPARE(w.currentId(), int(onboarding::ConnectAccountPage));
    }
    void createOwner(OnboardingWizard &w)
    {
        type(child<QLineEdit>(&w, u"ownerNameEdit"_s), u"olivia"_s);
        type(child<QLineEdit>(&w, u"passwordEdit"_s), kOwnerPassword);
        type(child<QLineEdit>(&w, u"confirmEdit"_s), kOwnerPassword);
        QTest::mouseClick(child<QPushButton>(&w, u"createOwnerButton"_s), Qt::LeftButton);
        QVERIFY(w.hasOwner());
    }
    QString totpSecret(OnboardingWizard &w)
    {
        auto *owner = qobject_cast<OwnerStep *>(w.page(onboarding::OwnerPage));
        return owner->otpauthUri().section(u"secret="_s, 1).section(u'&', 0, 0);
    }
    void enrolTotp(OnboardingWizard &w)
    {
        lastSecret = totpSecret(w);
        type(child<QLineEdit>(&w, u"codeEdit"_s), f->code(lastSecret));
        QTest::mouseClick(child<QPushButton>(&w, u"confirmButton"_s), Qt::LeftButton);
        QVERIFY(w.session().totpEnrolled());
    }
    int storedAccounts()
    {
        auto v = f->db->scalar(u"SELECT COUNT(*) FROM provider_accounts"_s);
        return v.ok() && v.value() ? v.value()->toInt() : -1;
    }

private slots:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QCOMPARE(sandbox.startServer(), QString());
        registerBuiltinProviders(registry);
        auto c = ProviderCatalog::builtin();
        QVERIFY(c.ok());
        catalog = c.value();
    }
    void init()
    {
        f = std::make_unique<SecurityFixture>();
        QVERIFY(f->init());
        drafts = std::make_unique<DraftStore>(*f->db, *f->vault, f->clock);
        connector =
            std::make_unique<ProviderConnector>(registry, *f->db, *f->vault, *f->audit, f->clock,
                                                ProviderEnvironment{&sandbox.network, &wallClock});
    }
    void cleanup()
    {
        connector.reset();
        drafts.reset();
        f.reset();
    }

    void welcomeOffersNewAccountOnlyWithTheSignupPages()
    {
        auto w = makeWizard();
        QVERIFY(child<QRadioButton>(w.get(), u"wayNewAccount"_s)->isHidden());
        QVERIFY(!child<QRadioButton>(w.get(), u"wayConnect"_s)->isHidden());
        QVERIFY(next(*w)->isEnabled()); // the sandbox is chosen by default

        OnboardingWizard withSignup({*f->operators, registry, *catalog, *drafts, *connector,
                                     [] { return Result<QString>(u""_s); }});
        withSignup.setPage(onboarding::BusinessPage, new QWizardPage);
        withSignup.show();
        QVERIFY(!child<QRadioButton>(&withSignup, u"wayNewAccount"_s)->isHidden());
    }

    void ownerRefusesWeakPasswordAndWrongTotp()
    {
        auto w = makeWizard();
        w->next();
        QCOMPARE(w->currentId(), int(onboarding::OwnerPage));
        auto *create = child<QPushButton>(w.get(), u"createOwnerButton"_s);
        auto *reasons = child<QLabel>(w.get(), u"strengthReasons"_s);
        QVERIFY(!next(*w)->isEnabled());
        type(child<QLineEdit>(w.get(), u"ownerNameEdit"_s), u"olivia"_s);
        type(child<QLineEdit>(w.get(), u"passwordEdit"_s), u"password123"_s);
        type(child<QLineEdit>(w.get(), u"confirmEdit"_s), u"password123"_s);
        QVERIFY(!create->isEnabled());
        QVERIFY(reasons->text().contains(u"common"_s));
        QTest::mouseClick(create, Qt::LeftButton);
        QVERIFY(f->operators->needsBootstrap());
        type(child<QLineEdit>(w.get(), u"passwordEdit"_s), u"olivia-2026-x!"_s);
        QVERIFY(reasons->text().contains(u"own name"_s));
        type(child<QLineEdit>(w.get(), u"passwordEdit"_s), kOwnerPassword);
        type(child<QLineEdit>(w.get(), u"confirmEdit"_s), kOwnerPassword + u"x"_s);
        QVERIFY(!create->isEnabled());
        type(child<QLineEdit>(w.get(), u"confirmEdit"_s), kOwnerPassword);
        QVERIFY(create->isEnabled());
        QTest::mouseClick(create, Qt::LeftButton);
        QVERIFY(!f->operators->needsBootstrap());
        QCOMPARE(w->session().role(), Role::Owner);

        // The owner exists, but the page is not done until a code verifies.
        QVERIFY(!next(*w)->isEnabled());
        type(child<QLineEdit>(w.get(), u"codeEdit"_s), u"000000"_s);
        QTest::mouseClick(child<QPushButton>(w.get(), u"confirmButton"_s), Qt::LeftButton);
        QVERIFY(child<QLabel>(child<QWidget>(w.get(), u"totpEnroll"_s), u"errorLabel"_s)
                    ->text()
                    .contains(u"does not match"_s));
        QVERIFY(!w->session().totpEnrolled());
        QVERIFY(!next(*w)->isEnabled());
        enrolTotp(*w);
        QCOMPARE(
            child<QPlainTextEdit>(w.get(), u"recoveryCodes"_s)->toPlainText().split(u'\n').size(),
            10);
        QVERIFY(next(*w)->isEnabled());
        w->next();
        QCOMPARE(w->currentId(), int(onboarding::SandboxPage)); // the default way
    }

    void feeCalculatorFigures()
    {
        auto w = makeWizard();
        child<QRadioButton>(w.get(), u"wayConnect"_s)->click();
        w->next();
        createOwner(*w);
        enrolTotp(*w);
        w->next();
        auto *choice = qobject_cast<ProviderChoiceStep *>(w->currentPage());
        QVERIFY(choice);
        ProviderComparison *table = choice->comparison();
        type(child<QLineEdit>(w.get(), u"monthlyVolumeEdit"_s), u"100,000.00"_s);
        type(child<QLineEdit>(w.get(), u"averageTicketEdit"_s), u"35"_s);
        QCOMPARE(choice->calculatorError(), QString());
        QCOMPARE(table->cellText(ProviderComparison::Payments, u"alipay"_s), u"2,858"_s);
        QCOMPARE(table->cellText(ProviderComparison::MonthlyFees, u"alipay"_s), u"¥600.00"_s);
        QCOMPARE(table->cellText(ProviderComparison::Received, u"alipay"_s), u"¥99,400.00"_s);
        QCOMPARE(table->cellText(ProviderComparison::MonthlyFees, u"wechatpay"_s), u"¥600.00"_s);
        QVERIFY(table->cellText(ProviderComparison::FeeRate, u"alipay"_s).startsWith(u"0.6%"_s));
        QCOMPARE(table->cellText(ProviderComparison::Hotline, u"alipay"_s), u"95188 ?"_s);
        type(child<QLineEdit>(w.get(), u"averageTicketEdit"_s), u"12.34"_s);
        QCOMPARE(table->cellText(ProviderComparison::MonthlyFees, u"alipay"_s), u"¥567.26"_s);
        type(child<QLineEdit>(w.get(), u"averageTicketEdit"_s), u"12.345"_s);
        QVERIFY(!choice->calculatorError().isEmpty());
        QCOMPARE(table->cellText(ProviderComparison::MonthlyFees, u"alipay"_s), u"–"_s);
        QVERIFY(child<QLabel>(w.get(), u"catalogSource"_s)->text().contains(u"ONBOARDING"_s));
        // Connecting needs a provider whose adapter declares its credentials.
        QVERIFY(child<QRadioButton>(w.get(), u"choose_alipay"_s)->isEnabled());
    }

    void connectWithAKeyPairMadeHereAndAWrongKey()
    {
        auto w = makeWizard();
        toConnectPage(*w);
        auto *panel = w->findChild<ConnectAccountPanel *>();
        CredentialForm *form = panel->form();
        QVERIFY(!next(*w)->isEnabled());

        // The merchant makes the key pair here and pastes its public half into the console.
        QTest::mouseClick(child<QPushButton>(w.get(), u"generate_app_private_key"_s),
                          Qt::LeftButton);
        const QString publicKey = form->publicKeyText(u"app_private_key"_s);
        QVERIFY(publicKey.size() > 300 && !publicKey.contains(u"BEGIN"_s));
        QVERIFY(child<QPlainTextEdit>(w.get(), u"field_app_private_key"_s)->isHidden());
        const QJsonObject app =
            sandbox.control(u"/sandbox/apps"_s, QJsonObject{{u"provider"_s, u"alipay"_s},
                                                            {u"public_key"_s, publicKey}});
        QVERIFY(!app.value(u"app_id"_s).toString().isEmpty());

        // First with a wrong Alipay public key: named at its field, nothing saved.
        type(child<QLineEdit>(w.get(), u"field_app_id"_s), app.value(u"app_id"_s).toString());
        child<QPlainTextEdit>(w.get(), u"field_alipay_public_key"_s)
            ->setPlainText(
                QString::fromLatin1(crypto::RsaKey::generate(2048).value().publicKeyPem()));
        QTest::mouseClick(child<QCheckBox>(w.get(), u"moreSettings"_s), Qt::LeftButton);
        type(child<QLineEdit>(w.get(), u"field_gateway"_s),
             sandbox.baseUrl().resolved(QUrl(app.value(u"gateway"_s).toString())).toString());
        QTest::mouseClick(child<QPushButton>(w.get(), u"connectButton"_s), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !panel->isChecking(); }, 20000));
        QVERIFY2(form->problemText(u"alipay_public_key"_s).contains(u"does not verify"_s),
                 qPrintable(form->problemText(u"alipay_public_key"_s)));
        QVERIFY(panel->statusText().contains(u"Nothing was saved"_s));
        QVERIFY(!next(*w)->isEnabled());
        QCOMPARE(storedAccounts(), 0);

        // Then the key the console shows: connected and saved.
        child<QPlainTextEdit>(w.get(), u"field_alipay_public_key"_s)
            ->setPlainText(app.value(u"provider_public_key"_s).toString());
        QTest::mouseClick(child<QPushButton>(w.get(), u"connectButton"_s), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !panel->isChecking(); }, 20000));
        QVERIFY2(panel->isConnected(), qPrintable(panel->statusText()));
        QVERIFY(panel->statusText().contains(u"PDPROBE-"_s));
        QCOMPARE(storedAccounts(), 1);
        QVERIFY(next(*w)->isEnabled());
        w->next();
        QCOMPARE(w->currentId(), int(onboarding::FinishedPage));
        QVERIFY(child<QLabel>(w.get(), u"finishedSummary"_s)
                    ->text()
                    .contains(app.value(u"app_id"_s).toString()));
        QVERIFY(!w->button(QWizard::BackButton)->isVisible() ||
                !w->button(QWizard::BackButton)->isEnabled()); // after the commit page
    }

    void connectWechatPayWithItsKeysAndAWrongOne()
    {
        // What the merchant has from WeChat Pay: apiclient_key.pem and the console's values.
        const auto merchantKey = crypto::RsaKey::generate(2048).value();
        const QJsonObject app = sandbox.control(
            u"/sandbox/apps"_s,
            QJsonObject{{u"provider"_s, u"wechatpay"_s},
                        {u"public_key"_s, QString::fromLatin1(merchantKey.publicKeyPem())}});
        QVERIFY(!app.value(u"mchid"_s).toString().isEmpty());
        const auto text = [&](const char *k) { return app.value(QLatin1String(k)).toString(); };

        auto w = makeWizard();
        toConnectPage(*w, u"wechatpay"_s);
        auto *panel = w->findChild<ConnectAccountPanel *>();
        CredentialForm *form = panel->form();
        QVERIFY(!next(*w)->isEnabled());
        // Its key comes from WeChat Pay's certificate tool: nothing to make or paste back here.
        QVERIFY(!w->findChild<QPushButton *>(u"generate_merchant_private_key"_s));
        QVERIFY(child<QPushButton>(w.get(), u"import_merchant_private_key"_s));

        type(child<QLineEdit>(w.get(), u"field_mchid"_s), text("mchid"));
        type(child<QLineEdit>(w.get(), u"field_appid"_s), text("appid"));
        type(child<QLineEdit>(w.get(), u"field_merchant_serial"_s), text("merchant_serial"));
        child<QPlainTextEdit>(w.get(), u"field_merchant_private_key"_s)
            ->setPlainText(QString::fromLatin1(merchantKey.privateKeyPem()));
        QVERIFY(child<QPlainTextEdit>(w.get(), u"field_merchant_private_key"_s)->isHidden());
        QVERIFY(!w->findChild<QPlainTextEdit *>(u"publicKey_merchant_private_key"_s));
        type(child<QLineEdit>(w.get(), u"field_apiv3_key"_s), text("apiv3_key"));
        QCOMPARE(child<QLineEdit>(w.get(), u"field_apiv3_key"_s)->echoMode(), QLineEdit::Password);
        type(child<QLineEdit>(w.get(), u"field_platform_serial"_s), text("platform_serial"));
        type(child<QLineEdit>(w.get(), u"field_apiv2_key"_s), text("apiv2_key"));
        QTest::mouseClick(child<QCheckBox>(w.get(), u"moreSettings"_s), Qt::LeftButton);
        type(child<QLineEdit>(w.get(), u"field_gateway"_s),
             sandbox.baseUrl().resolved(QUrl(text("base_url"))).toString());
        type(child<QLineEdit>(w.get(), u"field_notify_url"_s),
             u"https://till.example.com/notify/wechatpay"_s);

        // First with another public key than WeChat Pay's: named at its field, nothing saved.
        child<QPlainTextEdit>(w.get(), u"field_platform_public_key"_s)
            ->setPlainText(
                QString::fromLatin1(crypto::RsaKey::generate(2048).value().publicKeyPem()));
        QTest::mouseClick(child<QPushButton>(w.get(), u"connectButton"_s), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !panel->isChecking(); }, 20000));
        QVERIFY2(form->problemText(u"platform_public_key"_s).contains(u"does not verify"_s),
                 qPrintable(form->problemText(u"platform_public_key"_s)));
        QVERIFY(panel->statusText().contains(u"Nothing was saved"_s));
        QCOMPARE(storedAccounts(), 0);

        // Then a merchant id WeChat Pay does not know: named at the merchant id.
        type(child<QLineEdit>(w.get(), u"field_mchid"_s), u"1234567890"_s);
        child<QPlainTextEdit>(w.get(), u"field_platform_public_key"_s)
            ->setPlainText(text("platform_public_key"));
        QTest::mouseClick(child<QPushButton>(w.get(), u"connectButton"_s), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !panel->isChecking(); }, 20000));
        QVERIFY2(form->problemText(u"mchid"_s).contains(u"merchant ID"_s),
                 qPrintable(form->problemText(u"mchid"_s)));
        QVERIFY(form->problemText(u"platform_public_key"_s).isEmpty());
        QCOMPARE(storedAccounts(), 0);

        // The right merchant id: proven by a signed ORDER_NOT_EXIST, saved, on to Finished.
        type(child<QLineEdit>(w.get(), u"field_mchid"_s), text("mchid"));
        QTest::mouseClick(child<QPushButton>(w.get(), u"connectButton"_s), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !panel->isChecking(); }, 20000));
        QVERIFY2(panel->isConnected(), qPrintable(panel->statusText()));
        QVERIFY(panel->statusText().contains(u"PDPROBE-"_s));
        QCOMPARE(storedAccounts(), 1);
        w->next();
        QCOMPARE(w->currentId(), int(onboarding::FinishedPage));
        QVERIFY(child<QLabel>(w.get(), u"finishedSummary"_s)->text().contains(text("appid")));
    }

    void quitMidwayThenResumeWithTheDraft()
    {
        QString publicKey;
        {
            auto w = makeWizard();
            toConnectPage(*w);
            QTest::mouseClick(child<QPushButton>(w.get(), u"generate_app_private_key"_s),
                              Qt::LeftButton);
            publicKey =
                w->findChild<ConnectAccountPanel *>()->form()->publicKeyText(u"app_private_key"_s);
            type(child<QLineEdit>(w.get(), u"field_app_id"_s), u"2021000000000042"_s);
            w->saveDraft(); // what leaving a page or quitting does
        }                   // quit

        // The private key is in the draft only encrypted.
        auto stored = f->db->exec(u"SELECT data || IFNULL(secrets, '') FROM onboarding_drafts"_s);
        QVERIFY(stored.ok());
        int rows = 0;
        for (; stored.value().next(); ++rows)
            QVERIFY(!stored.value().value(0).toString().contains(u"PRIVATE KEY"_s));
        QVERIFY(rows >= 4);
        QVERIFY(OnboardingWizard::hasUnfinishedDraft(*drafts));

        // Restart: the owner logs in (with a code of a later time step), the wizard resumes
        // where it was left, with the same key pair and the typed app id.
        f->clock.advance(31 * 1000);
        auto login = f->operators->authenticate(u"olivia"_s, kOwnerPassword, f->code(lastSecret));
        QVERIFY2(login.ok(), login.ok() ? "" : qPrintable(login.error().message));
        auto w = makeWizard();
        w->setSession(login.value());
        w->resume();
        QCOMPARE(w->currentId(), int(onboarding::ConnectAccountPage));
        QCOMPARE(w->way(), onboarding::Way::ConnectAccount);
        QCOMPARE(w->chosenProvider(), u"alipay"_s);
        QCOMPARE(child<QLineEdit>(w.get(), u"field_app_id"_s)->text(), u"2021000000000042"_s);
        QCOMPARE(w->findChild<ConnectAccountPanel *>()->form()->publicKeyText(u"app_private_key"_s),
                 publicKey);
        // Finishing forgets the draft.
        w->clearDraft();
        QVERIFY(!OnboardingWizard::hasUnfinishedDraft(*drafts));
    }
};

QTEST_MAIN(TestOnboardingWizard)
#include "tst_onboardingwizard.moc"
