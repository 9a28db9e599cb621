// The signup pages in a QWizard of their own, clicked offscreen against the real sandbox:
// every page to a live account that takes a payment; a blurry licence rejected, the reason at
// its field, replaced, resubmitted, finished; quit midway and resume with the draft intact.
#include "core/crypto/secretvault.h"
#include "core/onboarding/signupsession.h"
#include "core/providers/provideraccountstore.h"
#include "core/storage/database.h"
#include "core/util/clock.h"
#include "signupkit.h"
#include "testsandbox.h"
#include "ui/onboarding/pageids.h"
#include "ui/onboarding/signup/documentslot.h"
#include "ui/onboarding/signup/signuppages.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QWizard>

using namespace paydesk;
using namespace paydesk::onboarding;
namespace sui = paydesk::ui::onboarding;
namespace F = ApplicationFields;

namespace {
const QString kEnvironment = QStringLiteral("sandbox-embedded");
}

/// One till's data folder and a wizard over it; destroyed and rebuilt to "restart".
struct Till
{
    Till(const QString &dir, test::TestSandbox &sandbox, SignupRegistry &signups)
    {
        db = std::move(Database::open(dir + QStringLiteral("/db.sqlite")).value());
        vault = std::move(SecretVault::fromKey(QByteArray(32, 'v')).value());
        pageDrafts = std::make_unique<DraftStore>(*db, *vault, clock);
        drafts = std::make_unique<SignupDraftStore>(*pageDrafts);
        accounts = std::make_unique<ProviderAccountStore>(*db, *vault, clock);
        const QUrl base = sandbox.baseUrl();
        QNetworkAccessManager *network = &sandbox.network;
        SignupSession::Services services{
            *drafts, *accounts,    signups, network,
            clock,   kEnvironment, base,    SignupSession::sandboxPartners(signups, network, base)};
        session = std::make_unique<SignupSession>(services);
        provider = signups.providers().first();
        wizard = std::make_unique<QWizard>();
        wizard->resize(900, 760);
        sui::addSignupPages(wizard.get(), {session.get(), [this] { return provider; }, 50,
                                           [this](const ProviderAccount &a) { live = a; }});
    }

    template <typename T> T *find(const QString &name) const
    {
        T *w = wizard->currentPage()->findChild<T *>(name);
        if (!w)
            qWarning() << "no widget" << name << "on page" << wizard->currentId();
        return w;
    }
    QLabel *issue(const char *field) const
    {
        return find<QLabel>(QStringLiteral("issue_") + QString::fromLatin1(field));
    }
    bool nextEnabled() const { return wizard->button(QWizard::NextButton)->isEnabled(); }
    void next() const
    {
        shot();
        QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
    }
    /// With PAYDESK_SIGNUP_SHOTS=DIR, saves the current page as DIR/page-<id>.png (to look at).
    void shot(const QString &suffix = {}) const
    {
        const QString dir = qEnvironmentVariable("PAYDESK_SIGNUP_SHOTS");
        if (!dir.isEmpty())
            wizard->grab().save(
                QStringLiteral("%1/page-%2%3.png").arg(dir).arg(wizard->currentId()).arg(suffix));
    }
    void type(const QString &name, const QString &text) const
    {
        QLineEdit *e = find<QLineEdit>(name);
        e->clear();
        // QTest types ASCII only; other text arrives the way an input method commits it.
        if (std::all_of(text.begin(), text.end(), [](QChar c) { return c.unicode() < 128; }))
            QTest::keyClicks(e, text);
        else
            e->insert(text);
    }
    void choose(const QString &name, const QVariant &data) const
    {
        QComboBox *c = find<QComboBox>(name);
        c->setCurrentIndex(c->findData(data));
    }

    SystemClock clock;
    std::unique_ptr<Database> db;
    std::unique_ptr<SecretVault> vault;
    std::unique_ptr<DraftStore> pageDrafts;
    std::unique_ptr<SignupDraftStore> drafts;
    std::unique_ptr<ProviderAccountStore> accounts;
    std::unique_ptr<SignupSession> session;
    std::unique_ptr<QWizard> wizard;
    QString provider;
    std::optional<ProviderAccount> live;
};

class TestSignupWizard : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void everyPageToALiveAccountAndAPayment();
    void blurryLicenceRejectedFixedAndResubmitted();
    void quitMidwayAndResume();

private:
    void fillBusiness(Till &t);
    void fillLegal(Till &t);
    void addDocuments(Till &t, const QByteArray &licence);
    void dropPhoto(Till &t, const QString &field, const QByteArray &bytes, bool kept = true);
    void fillBankAndVerify(Till &t);
    void submitAndWaitForStatus(Till &t);
    void confirmAndGoLive(Till &t);

    test::TestSandbox m_sandbox;
    SignupRegistry m_signups;
    QTemporaryDir m_files;
    int m_photo = 0;
};

void TestSignupWizard::initTestCase()
{
    QCOMPARE(m_sandbox.startServer(), QString());
    registerBuiltinSignups(m_signups);
    QVERIFY(!m_signups.providers().isEmpty());
    m_sandbox.control(QStringLiteral("/sandbox/signup/config"),
                      QJsonObject{{QStringLiteral("review_delay_ms"), 200}});
}

void TestSignupWizard::fillBusiness(Till &t)
{
    QCOMPARE(t.wizard->currentId(), int(BusinessPage));
    QVERIFY(!t.nextEnabled());
    t.choose(QStringLiteral("merchantType"), int(MerchantType::Enterprise));
    t.type(QStringLiteral("businessName"), QStringLiteral("成都测试商贸有限公司"));
    t.type(QStringLiteral("shortName"), QStringLiteral("测试商店"));
    // A mistyped check character warns, and does not block.
    t.type(QStringLiteral("creditCode"), QStringLiteral("91512081MA62K0260F"));
    t.choose(QStringLiteral("category"), QStringLiteral("retail"));
    t.type(QStringLiteral("address"), QStringLiteral("四川省成都市武侯区测试路 1 号"));
    t.type(QStringLiteral("walletAccount"), QStringLiteral("shop@example.com"));
    t.type(QStringLiteral("contactName"), QStringLiteral("张三"));
    t.type(QStringLiteral("contactMobile"), QStringLiteral("13800138000"));
    t.type(QStringLiteral("contactEmail"), QStringLiteral("shop@example.com"));
    QVERIFY(t.issue(F::creditCode)->isVisibleTo(t.wizard.get()));
    QVERIFY(t.issue(F::creditCode)->text().contains(QStringLiteral("review decides")));
    QVERIFY(t.nextEnabled());
    // A category the provider restricts is refused here, with the reason.
    t.choose(QStringLiteral("category"), QStringLiteral("lending"));
    QVERIFY(!t.nextEnabled());
    QVERIFY(!t.issue(F::category)->text().isEmpty());
    t.choose(QStringLiteral("category"), QStringLiteral("retail"));
    t.type(QStringLiteral("creditCode"), QStringLiteral("91512081MA62K0260E"));
    QVERIFY(!t.issue(F::creditCode)->isVisibleTo(t.wizard.get()));
    QVERIFY(t.nextEnabled());
    t.next();
}

void TestSignupWizard::fillLegal(Till &t)
{
    QCOMPARE(t.wizard->currentId(), int(LegalRepresentativePage));
    t.type(QStringLiteral("legalName"), QStringLiteral("张三"));
    t.type(QStringLiteral("idNumber"), QStringLiteral("110105194912310029")); // wrong check
    QVERIFY(!t.nextEnabled());
    t.type(QStringLiteral("idNumber"), QStringLiteral("11010519491231002X"));
    const QDate today = QDate::currentDate();
    t.find<QDateEdit>(QStringLiteral("validFrom"))->setDate(today.addYears(-20));
    t.find<QDateEdit>(QStringLiteral("validTo"))->setDate(today.addDays(-1)); // expired
    QVERIFY(!t.nextEnabled());
    QVERIFY(t.issue(F::idValidity)->text().contains(QStringLiteral("expired")));
    t.find<QDateEdit>(QStringLiteral("validTo"))->setDate(today.addYears(5));
    QVERIFY(t.nextEnabled());
    t.next();
}

void TestSignupWizard::dropPhoto(Till &t, const QString &field, const QByteArray &bytes, bool kept)
{
    const QString path = m_files.filePath(QStringLiteral("photo%1.jpg").arg(++m_photo));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
    f.close();
    auto *slot = t.find<sui::DocumentSlot>(QStringLiteral("slot_") + field);
    QVERIFY(slot);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(slot, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(slot, &drop);
    QVERIFY(drop.isAccepted());
    QCOMPARE(!t.find<QLabel>(QStringLiteral("thumb_") + field)->pixmap().isNull(), kept);
}

void TestSignupWizard::addDocuments(Till &t, const QByteArray &licence)
{
    QCOMPARE(t.wizard->currentId(), int(DocumentsPage));
    QVERIFY(!t.nextEnabled());
    // Too small to read: refused before upload.
    dropPhoto(t, QString::fromLatin1(F::idFrontPhoto), test::jpeg(test::drawLicence(640, 480)),
              false);
    QVERIFY(t.issue(F::idFrontPhoto)->text().contains(QStringLiteral("pixels")));
    const QByteArray sharp = test::sharpLicenceJpeg();
    for (const char *doc : {F::idFrontPhoto, F::idBackPhoto, F::storeFrontPhoto})
        dropPhoto(t, QString::fromLatin1(doc), sharp);
    dropPhoto(t, QString::fromLatin1(F::licencePhoto), licence);
    QVERIFY(t.nextEnabled());
    t.next();
}

void TestSignupWizard::fillBankAndVerify(Till &t)
{
    QCOMPARE(t.wizard->currentId(), int(BankAccountPage));
    t.choose(QStringLiteral("accountType"), int(AccountType::Corporate));
    t.type(QStringLiteral("holder"), QStringLiteral("张三")); // not the business
    QVERIFY(t.issue(F::accountHolder)->text().contains(QStringLiteral("成都测试商贸有限公司")));
    t.type(QStringLiteral("holder"), QStringLiteral("成都测试商贸有限公司"));
    t.find<QComboBox>(QStringLiteral("bank"))->setCurrentIndex(1);
    t.type(QStringLiteral("branch"), QStringLiteral("成都武侯支行"));
    t.type(QStringLiteral("accountNumber"), QStringLiteral("6226095711989751"));
    QVERIFY(!t.nextEnabled()); // not verified yet
    QTest::mouseClick(t.find<QPushButton>(QStringLiteral("sendDeposit")), Qt::LeftButton);
    QTRY_VERIFY(!t.session->application().depositRef.isEmpty());
    const qint64 amount = m_sandbox
                              .control(QStringLiteral("/sandbox/signup/deposits/") +
                                       t.session->application().depositRef)
                              .value(QStringLiteral("amount_minor"))
                              .toInteger();
    QVERIFY(amount > 0 && amount < 100);
    QLabel *status = t.find<QLabel>(QStringLiteral("depositStatus"));
    t.type(QStringLiteral("depositAmount"),
           QStringLiteral("0.%1").arg((amount + 1) % 100, 2, 10, QLatin1Char('0')));
    QTest::mouseClick(t.find<QPushButton>(QStringLiteral("verifyDeposit")), Qt::LeftButton);
    QTRY_VERIFY(status->text().contains(QStringLiteral("2")));
    QVERIFY(!t.nextEnabled());
    t.type(QStringLiteral("depositAmount"),
           QStringLiteral("0.%1").arg(amount, 2, 10, QLatin1Char('0')));
    QTest::mouseClick(t.find<QPushButton>(QStringLiteral("verifyDeposit")), Qt::LeftButton);
    QTRY_COMPARE(status->text(), QStringLiteral("Account verified."));
    QVERIFY(t.nextEnabled());
    t.next();
}

void TestSignupWizard::submitAndWaitForStatus(Till &t)
{
    QCOMPARE(t.wizard->currentId(), int(ReviewPage));
    QVERIFY(t.find<QLabel>(QStringLiteral("edit_business_summary"))
                ->text()
                .contains(QStringLiteral("成都测试商贸有限公司")));
    QVERIFY(t.find<QLabel>(QStringLiteral("edit_bank_summary"))
                ->text()
                .contains(QStringLiteral("9751")));
    QVERIFY(!t.find<QLabel>(QStringLiteral("edit_bank_summary"))
                 ->text()
                 .contains(QStringLiteral("6226095711989751")));
    t.next(); // "Submit application"
    QTRY_COMPARE_WITH_TIMEOUT(t.wizard->currentId(), int(StatusPage), 15000);
    QVERIFY(!t.session->application().businessCode.isEmpty());
}

void TestSignupWizard::confirmAndGoLive(Till &t)
{
    QLabel *url = t.find<QLabel>(QStringLiteral("confirmUrl"));
    QTRY_VERIFY_WITH_TIMEOUT(url->isVisibleTo(t.wizard.get()), 10000);
    QVERIFY(!t.find<QLabel>(QStringLiteral("confirmQr"))->pixmap().isNull());
    t.shot(QStringLiteral("-confirm"));
    const QString link = t.session->application().confirmUrl;
    QVERIFY(url->text().contains(link));
    // The legal representative scans the QR and confirms on the provider's page.
    QNetworkReply *reply = m_sandbox.network.post(
        QNetworkRequest(QUrl(link + QStringLiteral("/confirm"))), QByteArray());
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    reply->deleteLater();
    QTRY_VERIFY_WITH_TIMEOUT(t.live.has_value(), 20000);
    QCOMPARE(t.find<QLabel>(QStringLiteral("stateLabel"))->text(),
             QStringLiteral("The till is live"));
    QVERIFY(t.wizard->button(QWizard::FinishButton)->isEnabled());
}

void TestSignupWizard::everyPageToALiveAccountAndAPayment()
{
    QTemporaryDir dir;
    Till t(dir.path(), m_sandbox, m_signups);
    t.wizard->show();
    fillBusiness(t);
    fillLegal(t);
    addDocuments(t, test::sharpLicenceJpeg());
    fillBankAndVerify(t);
    QCOMPARE(t.wizard->currentId(), int(FeaturesPage));
    t.find<QCheckBox>(QStringLiteral("paymentLinks"))->setChecked(true);
    t.next();
    submitAndWaitForStatus(t);
    confirmAndGoLive(t);

    // The stored account takes a payment; its private key is the one made on this PC.
    auto stored = t.accounts->load(t.provider, kEnvironment);
    QVERIFY(stored.ok());
    QVERIFY(stored.value().has_value());
    QCOMPARE(stored.value()->appId, t.live->appId);
    ProviderRegistry registry;
    registerBuiltinProviders(registry);
    auto adapter = registry.create(*stored.value(), {&m_sandbox.network, &t.clock});
    QVERIFY2(adapter.ok(), adapter.ok() ? "" : qPrintable(adapter.error().message));
    QString code;
    for (const QJsonValue &v : m_sandbox.newBuyer(100000)) {
        const ProviderDescriptor *d = registry.forPaymentCode(v.toString());
        if (d && d->id == t.provider)
            code = v.toString();
    }
    CodePayRequest pay{QStringLiteral("WIZ-%1").arg(QDateTime::currentMSecsSinceEpoch()),
                       Money::fromMinor(880),
                       QStringLiteral("first sale"),
                       code,
                       {}};
    std::optional<TradeReply> paid;
    adapter.value()->payWithCode(pay, [&](const TradeReply &r) { paid = r; });
    QVERIFY(test::waitFor(paid));
    QCOMPARE(paid->state, TradeState::Success);
    QCOMPARE(m_sandbox.chargesFor(pay.outTradeNo), 1);
    // The draft is gone once the account is live.
    QVERIFY(!t.drafts->load().value().has_value());
}

void TestSignupWizard::blurryLicenceRejectedFixedAndResubmitted()
{
    QTemporaryDir dir;
    Till t(dir.path(), m_sandbox, m_signups);
    t.wizard->show();
    fillBusiness(t);
    fillLegal(t);
    // The merchant goes on despite the warning...
    QCOMPARE(t.wizard->currentId(), int(DocumentsPage));
    dropPhoto(t, QString::fromLatin1(F::licencePhoto), test::blurryLicenceJpeg());
    QCOMPARE(t.issue(F::licencePhoto)->text(),
             QStringLiteral("This photo looks unclear: retake it."));
    const QByteArray sharp = test::sharpLicenceJpeg();
    for (const char *doc : {F::idFrontPhoto, F::idBackPhoto, F::storeFrontPhoto})
        dropPhoto(t, QString::fromLatin1(doc), sharp);
    QVERIFY(t.nextEnabled());
    t.next();
    fillBankAndVerify(t);
    t.next(); // features as they are
    submitAndWaitForStatus(t);
    const QString code = t.session->application().businessCode;

    // ...and the review refuses it, naming the licence photo.
    QTRY_COMPARE_WITH_TIMEOUT(t.session->application().state, ApplicationState::Rejected, 10000);
    QPushButton *fix = t.find<QPushButton>(QStringLiteral("fixButton"));
    QTRY_VERIFY(fix->isVisibleTo(t.wizard.get()));
    t.shot(QStringLiteral("-rejected"));
    QTest::mouseClick(fix, Qt::LeftButton);
    QCOMPARE(t.wizard->currentId(), int(DocumentsPage));
    QTRY_VERIFY2(
        t.issue(F::licencePhoto)->text().startsWith(QStringLiteral("The provider's review says:")),
        qPrintable(t.issue(F::licencePhoto)->text()));
    t.shot(QStringLiteral("-fix"));
    dropPhoto(t, QString::fromLatin1(F::licencePhoto), sharp);
    QVERIFY(t.issue(F::licencePhoto)->text().isEmpty());
    t.next(); // documents
    t.next(); // bank, still verified
    t.next(); // features
    submitAndWaitForStatus(t);
    QCOMPARE(t.session->application().businessCode, code); // resubmitted under the same code
    confirmAndGoLive(t);
}

void TestSignupWizard::quitMidwayAndResume()
{
    QTemporaryDir dir;
    {
        Till t(dir.path(), m_sandbox, m_signups);
        t.wizard->show();
        fillBusiness(t);
        fillLegal(t);
        dropPhoto(t, QString::fromLatin1(F::licencePhoto), test::sharpLicenceJpeg());
        // Quit here: no Next on the documents page.
    }
    Till t(dir.path(), m_sandbox, m_signups);
    const int page = sui::resumeSignup(*t.session);
    QCOMPARE(page, int(DocumentsPage));
    t.wizard->setStartId(page);
    t.wizard->show();
    QCOMPARE(t.wizard->currentId(), int(DocumentsPage));
    // The photo dropped just before quitting is still there (saved with the page).
    QVERIFY(!t.find<QLabel>(QStringLiteral("thumb_documents.licence"))->pixmap().isNull());
    const MerchantApplication &a = t.session->application();
    QCOMPARE(a.business.name, QStringLiteral("成都测试商贸有限公司"));
    QCOMPARE(a.legal.idNumber, QStringLiteral("11010519491231002X"));
    sui::goToPage(t.wizard.get(), BusinessPage);
    QCOMPARE(t.find<QLineEdit>(QStringLiteral("businessName"))->text(),
             QStringLiteral("成都测试商贸有限公司"));
    QCOMPARE(t.find<QLineEdit>(QStringLiteral("creditCode"))->text(),
             QStringLiteral("91512081MA62K0260E"));
}

QTEST_MAIN(TestSignupWizard)
#include "tst_signupwizard.moc"
