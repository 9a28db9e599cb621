// Walks the first-run wizard offscreen through its three ways, the way a store owner clicks
// it, and saves every page as resources/screenshots/onboarding-<page>.png (README shows them).
// Built with the real composition root (AppContext, its embedded sandbox) and the real pages;
// the WeChat Pay account it connects comes from a sandbox of its own on loopback.
//
//   tests/tools/onboarding_screenshots.sh [LANG]     (default zh_CN; builds and runs this)
//   onboarding_shots --lang zh_CN --out DIR
//
// It checks where it is at every step and stops with the page it got stuck on, so a change
// in the wizard shows up here instead of as a missing picture.
#include "documentphotos.h"
#include "testappcontext.h"
#include "testsandbox.h"

#include "app/providersetup.h"

#include "core/crypto/otp.h"
#include "core/onboarding/draftstore.h"
#include "core/onboarding/providercatalog.h"
#include "core/onboarding/providerconnector.h"
#include "core/onboarding/signupdraftstore.h"
#include "core/onboarding/signupsession.h"
#include "core/providers/provideraccountstore.h"
#include "core/util/translations.h"
#include "ui/onboarding/connectaccountpanel.h"
#include "ui/onboarding/onboardingwizard.h"
#include "ui/onboarding/ownerstep.h"
#include "ui/onboarding/signup/signuppages.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCommandLineParser>
#include <QDateEdit>
#include <QDir>
#include <QDropEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace paydesk;
using namespace paydesk::onboarding;
using namespace Qt::StringLiterals;

namespace {

const QString kPassword = u"Lantern-Orbit-73!"_s;

struct Stuck
{
    QString where;
};

class Walk
{
public:
    Walk(QString out, bool shots) : m_out(std::move(out)), m_shots(shots) {}

    /// One wizard on a fresh data folder, up to its first page.
    void open()
    {
        if (QString failed = m_ctx.create(); !failed.isEmpty())
            throw Stuck{u"AppContext: "_s + failed};
        auto catalog = ProviderCatalog::builtin();
        if (!catalog.ok())
            throw Stuck{u"catalog: "_s + catalog.error().message};
        m_catalog.emplace(catalog.value());
        AppContext &ctx = *m_ctx;
        m_drafts = std::make_unique<DraftStore>(ctx.database(), ctx.vault(), ctx.clock());
        m_connector = std::make_unique<ProviderConnector>(
            ctx.providerRegistry(), ctx.database(), ctx.vault(), ctx.audit(), ctx.clock(),
            ProviderEnvironment{&ctx.network(), &ctx.clock()});
        Services services{ctx.operators(),
                          ctx.providerRegistry(),
                          *m_catalog,
                          *m_drafts,
                          *m_connector,
                          [&ctx]() -> Result<QString> {
                              PAYDESK_TRY(ctx.startProviders());
                              const ProviderSetup *s = ctx.providers();
                              const QString id = s->defaultProvider();
                              return QCoreApplication::translate(
                                         "paydesk::TillController",
                                         "Practice %1 merchant account %2, at "
                                         "the sandbox %3.")
                                  .arg(ctx.providerRegistry().displayName(id),
                                       s->account(id)->appId, s->sandboxBase().toString());
                          }};
        m_wizard = std::make_unique<OnboardingWizard>(services);

        registerBuiltinSignups(m_signups);
        m_signupDrafts = std::make_unique<SignupDraftStore>(*m_drafts);
        m_accounts =
            std::make_unique<ProviderAccountStore>(ctx.database(), ctx.vault(), ctx.clock());
        SignupSession::Services signupServices{
            *m_signupDrafts,
            *m_accounts,
            m_signups,
            &ctx.network(),
            ctx.clock(),
            u"sandbox-embedded"_s,
            QUrl(),
            [this, &ctx](const QString &provider, QObject *c,
                         std::function<void(Result<SignupPartner>)> done) {
                if (auto started = ctx.startProviders(); !started.ok())
                    return done(started.error());
                const QUrl base = ctx.providers()->sandboxBase();
                m_signup->setSandboxBase(base);
                SignupSession::sandboxPartners(m_signups, &ctx.network(), base)(provider, c,
                                                                                std::move(done));
            }};
        m_signup = std::make_unique<SignupSession>(signupServices);
        m_wizard->services().prepareNewAccount = [this, &ctx]() -> Status {
            PAYDESK_TRY(ctx.startProviders());
            m_signup->setSandboxBase(ctx.providers()->sandboxBase());
            // A short review, so that the walk does not wait three seconds per state.
            test::TestSandbox control;
            control.attach(ctx.providers()->sandboxBase());
            control.control(u"/sandbox/signup/config"_s, QJsonObject{{u"review_delay_ms"_s, 500}});
            return {};
        };
        OnboardingWizard *w = m_wizard.get();
        ui::onboarding::addSignupPages(
            w, {m_signup.get(), [w] { return w->chosenProvider(); }, 300,
                [w](const ProviderAccount &a) { w->setLiveAccount(a.provider, a.appId); }});
        m_wizard->resize(980, 780);
        m_wizard->show();
        m_wizard->restart();
        settle();
    }

    void shot(const QString &name)
    {
        settle();
        if (!m_shots)
            return;
        const QString path = QDir(m_out).filePath(u"onboarding-"_s + name + u".png"_s);
        if (!m_wizard->grab().save(path))
            throw Stuck{u"cannot write "_s + path};
        std::printf("%s\n", qPrintable(path));
    }

    template <typename T> T *find(const QString &name)
    {
        T *w = m_wizard->findChild<T *>(name);
        if (!w)
            throw Stuck{u"no widget %1 on page %2"_s.arg(name).arg(m_wizard->currentId())};
        return w;
    }
    void type(const QString &name, const QString &text)
    {
        QLineEdit *e = find<QLineEdit>(name);
        e->clear();
        e->insert(text); // the way an input method commits it: any script
        emit e->textEdited(e->text());
    }
    void choose(const QString &name, const QVariant &data)
    {
        QComboBox *c = find<QComboBox>(name);
        c->setCurrentIndex(c->findData(data));
    }
    void click(const QString &name) { find<QAbstractButton>(name)->click(); }
    void expectPage(int id)
    {
        if (!QTest::qWaitFor([&] { return m_wizard->currentId() == id; }, 20000))
            throw Stuck{u"expected page %1, on %2"_s.arg(id).arg(m_wizard->currentId())};
    }
    void next(int expected)
    {
        QAbstractButton *b = m_wizard->button(
            m_wizard->currentPage()->isCommitPage() ? QWizard::CommitButton : QWizard::NextButton);
        if (!QTest::qWaitFor([&] { return b->isEnabled(); }, 20000))
            throw Stuck{u"Next stays disabled on page %1"_s.arg(m_wizard->currentId())};
        QTest::mouseClick(b, Qt::LeftButton);
        expectPage(expected);
    }
    void waitFor(const std::function<bool()> &ready, const QString &what, int ms = 30000)
    {
        if (!QTest::qWaitFor(ready, ms))
            throw Stuck{what + u" on page "_s + QString::number(m_wizard->currentId())};
    }
    static void settle()
    {
        for (int i = 0; i < 5; ++i) {
            QCoreApplication::processEvents();
            QTest::qWait(20);
        }
    }

    void owner(bool shoot = false)
    {
        type(u"ownerNameEdit"_s, u"olivia"_s);
        type(u"passwordEdit"_s, kPassword);
        type(u"confirmEdit"_s, kPassword);
        click(u"createOwnerButton"_s);
        const QString uri = qobject_cast<OwnerStep *>(m_wizard->currentPage())->otpauthUri();
        const QString secret = uri.section(u"secret="_s, 1).section(u'&', 0, 0);
        if (shoot)
            shot(u"owner"_s); // the QR to scan, before the code
        type(u"codeEdit"_s, crypto::totp(crypto::base32Decode(secret).value(),
                                         QDateTime::currentSecsSinceEpoch()));
        click(u"confirmButton"_s);
        waitFor([&] { return m_wizard->currentPage()->isComplete(); }, u"two-factor"_s);
    }

    void dropPhoto(const QString &field, const QByteArray &bytes)
    {
        const QString path = m_files.filePath(u"%1.jpg"_s.arg(field.section(u'.', 1)));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            throw Stuck{u"cannot write "_s + path};
        f.close();
        QWidget *slot = find<QWidget>(u"slot_"_s + field);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(slot, &enter);
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(slot, &drop);
    }

    /// Welcome → owner → choose Alipay → every signup page → under review → live → finished.
    void newAccount()
    {
        open();
        expectPage(WelcomePage);
        click(u"wayNewAccount"_s);
        shot(u"welcome"_s);
        next(OwnerPage);
        owner(true);
        next(ChooseProviderPage);
        type(u"monthlyVolumeEdit"_s, u"100000"_s);
        type(u"averageTicketEdit"_s, u"35"_s);
        click(u"choose_alipay"_s);
        shot(u"choose"_s);
        next(BusinessPage);

        choose(u"merchantType"_s, int(MerchantType::Enterprise));
        type(u"businessName"_s, u"成都测试商贸有限公司"_s);
        type(u"shortName"_s, u"测试商店"_s);
        type(u"creditCode"_s, u"91512081MA62K0260F"_s); // a mistyped check character warns
        choose(u"category"_s, u"retail"_s);
        type(u"address"_s, u"四川省成都市武侯区测试路 1 号"_s);
        type(u"walletAccount"_s, u"shop@example.com"_s);
        type(u"contactName"_s, u"张三"_s);
        type(u"contactMobile"_s, u"13800138000"_s);
        type(u"contactEmail"_s, u"shop@example.com"_s);
        shot(u"business"_s);
        type(u"creditCode"_s, u"91512081MA62K0260E"_s);
        next(LegalRepresentativePage);

        type(u"legalName"_s, u"张三"_s);
        type(u"idNumber"_s, u"11010519491231002X"_s);
        const QDate today = QDate::currentDate();
        find<QDateEdit>(u"validFrom"_s)->setDate(today.addYears(-4));
        find<QDateEdit>(u"validTo"_s)->setDate(today.addYears(16));
        shot(u"legal"_s);
        next(DocumentsPage);

        const QByteArray sharp = test::sharpLicenceJpeg();
        dropPhoto(u"documents.licence"_s, sharp);
        dropPhoto(u"documents.id_front"_s, sharp);
        dropPhoto(u"documents.id_back"_s, sharp);
        // The store front blurred: the check asks for a retake before anything is sent.
        dropPhoto(u"documents.store_front"_s, test::blurryLicenceJpeg());
        shot(u"documents"_s);
        dropPhoto(u"documents.store_front"_s, sharp);
        next(BankAccountPage);

        choose(u"accountType"_s, int(AccountType::Corporate));
        type(u"holder"_s, u"成都测试商贸有限公司"_s);
        find<QComboBox>(u"bank"_s)->setCurrentIndex(1);
        type(u"branch"_s, u"成都武侯支行"_s);
        type(u"accountNumber"_s, u"6226095711989751"_s);
        click(u"sendDeposit"_s);
        waitFor([&] { return !m_signup->application().depositRef.isEmpty(); }, u"deposit"_s);
        test::TestSandbox control;
        control.attach(m_ctx->providers()->sandboxBase());
        const qint64 amount =
            control.control(u"/sandbox/signup/deposits/"_s + m_signup->application().depositRef)
                .value(u"amount_minor"_s)
                .toInteger();
        type(u"depositAmount"_s, u"0.%1"_s.arg(amount, 2, 10, QLatin1Char('0')));
        click(u"verifyDeposit"_s);
        waitFor([&] { return m_wizard->button(QWizard::NextButton)->isEnabled(); },
                u"deposit verified"_s);
        shot(u"bank"_s);
        next(FeaturesPage);

        find<QCheckBox>(u"paymentLinks"_s)->setChecked(true);
        shot(u"features"_s);
        next(ReviewPage);
        shot(u"review"_s);
        next(StatusPage);

        QLabel *url = find<QLabel>(u"confirmUrl"_s);
        waitFor([&] { return url->isVisibleTo(m_wizard.get()); }, u"approval"_s);
        shot(u"status"_s); // approved: the legal representative's confirmation QR
        QNetworkReply *reply = m_ctx->network().post(
            QNetworkRequest(QUrl(m_signup->application().confirmUrl + u"/confirm"_s)),
            QByteArray());
        waitFor([&] { return reply->isFinished(); }, u"confirmation"_s);
        reply->deleteLater();
        waitFor([&] { return !m_wizard->liveAppId().isEmpty(); }, u"live account"_s);
        shot(u"live"_s);
        QAbstractButton *finish = m_wizard->button(QWizard::FinishButton);
        if (!m_wizard->button(QWizard::NextButton)->isVisible() && finish->isVisible())
            return; // the status page is the last one
        next(FinishedPage);
        shot(u"finished"_s);
    }

    /// Connect: a WeChat Pay merchant's own values, checked and connected.
    void connectAccount()
    {
        open();
        test::TestSandbox wechat;
        if (QString failed = wechat.startServer(); !failed.isEmpty())
            throw Stuck{u"sandbox: "_s + failed};
        const auto key = crypto::RsaKey::generate(2048).value();
        const QJsonObject app =
            wechat.control(u"/sandbox/apps"_s,
                           QJsonObject{{u"provider"_s, u"wechatpay"_s},
                                       {u"public_key"_s, QString::fromLatin1(key.publicKeyPem())}});
        const auto text = [&](const char *k) { return app.value(QLatin1String(k)).toString(); };

        click(u"wayConnect"_s);
        next(OwnerPage);
        owner();
        next(ChooseProviderPage);
        click(u"choose_wechatpay"_s);
        next(ConnectAccountPage);
        type(u"field_mchid"_s, text("mchid"));
        type(u"field_appid"_s, text("appid"));
        type(u"field_merchant_serial"_s, text("merchant_serial"));
        find<QPlainTextEdit>(u"field_merchant_private_key"_s)
            ->setPlainText(QString::fromLatin1(key.privateKeyPem()));
        type(u"field_apiv3_key"_s, text("apiv3_key"));
        find<QPlainTextEdit>(u"field_platform_public_key"_s)
            ->setPlainText(text("platform_public_key"));
        type(u"field_platform_serial"_s, text("platform_serial"));
        type(u"field_apiv2_key"_s, text("apiv2_key"));
        type(u"field_notify_url"_s, u"https://pay.example.com/notify/wechatpay"_s);
        click(u"moreSettings"_s);
        type(u"field_gateway"_s, wechat.baseUrl().resolved(QUrl(text("base_url"))).toString());
        click(u"connectButton"_s);
        auto *panel = m_wizard->findChild<ConnectAccountPanel *>();
        waitFor([&] { return panel && !panel->isChecking() && panel->isConnected(); },
                u"connected"_s);
        click(u"moreSettings"_s); // folded again: what the merchant sees
        shot(u"connect"_s);
        next(FinishedPage);
    }

    /// Sandbox: the practice merchant account.
    void sandbox()
    {
        open();
        click(u"waySandbox"_s);
        next(OwnerPage);
        owner();
        next(SandboxPage);
        waitFor([&] { return m_wizard->currentPage()->isComplete(); }, u"sandbox account"_s);
        shot(u"sandbox"_s);
    }

private:
    QString m_out;
    bool m_shots;
    test::TestAppContext m_ctx;
    QTemporaryDir m_files;
    std::optional<ProviderCatalog> m_catalog;
    std::unique_ptr<DraftStore> m_drafts;
    std::unique_ptr<ProviderConnector> m_connector;
    SignupRegistry m_signups;
    std::unique_ptr<SignupDraftStore> m_signupDrafts;
    std::unique_ptr<ProviderAccountStore> m_accounts;
    std::unique_ptr<SignupSession> m_signup;
    std::unique_ptr<OnboardingWizard> m_wizard;
};

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser args;
    args.addHelpOption();
    args.addOption({u"lang"_s, u"zh_CN or en (default zh_CN)."_s, u"LANG"_s, u"zh_CN"_s});
    args.addOption(
        {u"out"_s, u"Folder for the PNGs (default: the current one)."_s, u"DIR"_s, u"."_s});
    args.process(app);
    Translations translations;
    const QString lang = args.value(u"lang"_s);
    if (!translations.use(lang)) {
        std::fprintf(stderr, "no catalogue for %s\n", qPrintable(lang));
        return 2;
    }
    QLocale::setDefault(QLocale(lang));
    const QString out = args.value(u"out"_s);
    QDir().mkpath(out);
    try {
        Walk(out, true).newAccount();
        Walk(out, true).connectAccount();
        Walk(out, true).sandbox();
    } catch (const Stuck &s) {
        std::fprintf(stderr, "stuck: %s\n", qPrintable(s.where));
        return 1;
    }
    return 0;
}
