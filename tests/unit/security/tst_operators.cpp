#include "securityfixture.h"

#include "core/security/headlessauth.h"
#include "core/security/idlelock.h"

#include <QSignalSpy>
#include <QUrl>
#include <QUrlQuery>

#include <latch>
#include <thread>
#include <vector>

using namespace paydesk;
using namespace paydesk::testing;
using namespace Qt::StringLiterals;

class TestOperators : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SecurityFixture> f;

private slots:
    void init()
    {
        f = std::make_unique<SecurityFixture>();
        QVERIFY(f->init());
    }
    void cleanup() { f.reset(); }

    void scryptHashFormat()
    {
        auto h = PasswordHasher::hash(QStringLiteral("correct horse"), ScryptCost{1 << 10, 8, 1});
        QVERIFY(h.ok());
        const QStringList parts = h.value().split(QLatin1Char('$'));
        QCOMPARE(parts.size(), 6);
        QCOMPARE(parts.at(0), QStringLiteral("scrypt"));
        QCOMPARE(parts.at(1), QStringLiteral("1024"));
        QCOMPARE(parts.at(2), QStringLiteral("8"));
        QCOMPARE(parts.at(3), QStringLiteral("1"));
        QCOMPARE(QByteArray::fromBase64(parts.at(4).toLatin1()).size(), 16);
        QCOMPARE(QByteArray::fromBase64(parts.at(5).toLatin1()).size(), 32);
        // The stored hash is exactly scrypt(password, salt) with the stored factors.
        auto expected = crypto::scrypt(
            "correct horse", QByteArray::fromBase64(parts.at(4).toLatin1()), 1024, 8, 1, 32);
        QCOMPARE(QByteArray::fromBase64(parts.at(5).toLatin1()), expected.value());

        QVERIFY(PasswordHasher::verify(QStringLiteral("correct horse"), h.value()));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("correct horsE"), h.value()));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("correct horse"),
                                        QStringLiteral("scrypt$1024$8$1$$")));
        // A tampered row asking for a gigantic N is refused, not computed.
        QString huge = h.value();
        huge.replace(QStringLiteral("scrypt$1024$"), QStringLiteral("scrypt$1073741824$"));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("correct horse"), huge));
        // Two hashes of one password differ (random salt).
        QVERIFY(PasswordHasher::hash(QStringLiteral("correct horse"), ScryptCost{1 << 10, 8, 1})
                    .value() != h.value());
    }

    void productionCostIsDefault()
    {
        const ScryptCost c;
        QCOMPARE(c.n, quint64(32768));
        QCOMPARE(c.r, 8u);
        QCOMPARE(c.p, 1u);
    }

    void bootstrapOnlyOnce()
    {
        QVERIFY(f->operators->needsBootstrap());
        auto weak =
            f->operators->bootstrapOwner(QStringLiteral("olivia"), QStringLiteral("password123"));
        QVERIFY(!weak.ok());
        QCOMPARE(weak.error().code, QStringLiteral("security.weak_password"));
        auto o = f->operators->bootstrapOwner(QStringLiteral("olivia"), kOwnerPassword);
        QVERIFY2(o.ok(), qPrintable(o.ok() ? QString() : o.error().message));
        QCOMPARE(o.value().role, Role::Owner);
        QVERIFY(!f->operators->needsBootstrap());
        auto again = f->operators->bootstrapOwner(QStringLiteral("mallory"), kManagerPassword);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, QStringLiteral("security.already_bootstrapped"));
        QCOMPARE(f->auditCount(QStringLiteral("operator.bootstrap_owner")), 1);
        // The stored hash is a production-format scrypt string, never the password.
        auto stored = f->db->scalar(
            QStringLiteral("SELECT password_hash FROM operators WHERE name = 'olivia'"));
        QVERIFY(stored.value()->toString().startsWith(QStringLiteral("scrypt$1024$8$1$")));
        QVERIFY(!stored.value()->toString().contains(kOwnerPassword));
    }

    void loginSuccessAndFailureAudited()
    {
        Session owner = f->owner();
        QVERIFY(owner.isValid());
        QCOMPARE(owner.role(), Role::Owner);
        QCOMPARE(owner.operatorName(), QStringLiteral("olivia"));
        // Case-insensitive name.
        QVERIFY(f->operators->authenticate(QStringLiteral("OLIVIA"), kOwnerPassword).ok());
        auto bad =
            f->operators->authenticate(QStringLiteral("olivia"), QStringLiteral("nope-nope-nope"));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, QStringLiteral("security.bad_credentials"));
        auto unknown = f->operators->authenticate(QStringLiteral("nobody"), kOwnerPassword);
        QCOMPARE(unknown.error().code, QStringLiteral("security.bad_credentials"));
        QCOMPARE(f->auditCount(QStringLiteral("operator.login")), 2);
        QCOMPARE(f->auditCount(QStringLiteral("operator.login_failed")), 2);
        QVERIFY(f->audit->verify().ok);
    }

    void lockoutAfterFiveFailuresAndUnlockAfter15Minutes()
    {
        f->owner();
        for (int i = 1; i <= 4; ++i) {
            auto r = f->operators->authenticate(QStringLiteral("olivia"),
                                                QStringLiteral("wrong-password-%1").arg(i));
            QCOMPARE(r.error().code, QStringLiteral("security.bad_credentials"));
        }
        auto fifth = f->operators->authenticate(QStringLiteral("olivia"),
                                                QStringLiteral("wrong-password-5"));
        QCOMPARE(fifth.error().code, QStringLiteral("security.locked"));
        QVERIFY(fifth.error().message.contains(QStringLiteral("15")));
        QCOMPARE(f->auditCount(QStringLiteral("operator.locked_out")), 1);
        // Even the right password is refused while locked.
        f->clock.advance(14 * 60 * 1000);
        auto during = f->operators->authenticate(QStringLiteral("olivia"), kOwnerPassword);
        QCOMPARE(during.error().code, QStringLiteral("security.locked"));
        QVERIFY2(during.error().message.contains(QStringLiteral("1 minute")),
                 qPrintable(during.error().message));
        QVERIFY(f->operators->lockedUntil(QStringLiteral("olivia")).has_value());
        f->clock.advance(60 * 1000);
        QVERIFY(!f->operators->lockedUntil(QStringLiteral("olivia")).has_value());
        auto after = f->operators->authenticate(QStringLiteral("olivia"), kOwnerPassword);
        QVERIFY(after.ok());
        QCOMPARE(f->operators->find(QStringLiteral("olivia"))->failedAttempts, 0);
    }

    void successResetsFailureCount()
    {
        f->owner();
        for (int i = 0; i < 4; ++i)
            QVERIFY(
                !f->operators->authenticate(QStringLiteral("olivia"), QStringLiteral("bad-bad-bad"))
                     .ok());
        QVERIFY(f->operators->authenticate(QStringLiteral("olivia"), kOwnerPassword).ok());
        for (int i = 0; i < 4; ++i)
            QCOMPARE(
                f->operators->authenticate(QStringLiteral("olivia"), QStringLiteral("bad-bad-bad"))
                    .error()
                    .code,
                QStringLiteral("security.bad_credentials"));
    }

    void totpEnrollmentAndLogin()
    {
        Session owner = f->owner();
        auto e = f->operators->beginTotpEnrollment(owner);
        QVERIFY(e.ok());
        const QUrl uri(e.value().otpauthUri);
        QCOMPARE(uri.scheme(), QStringLiteral("otpauth"));
        QCOMPARE(uri.host(), QStringLiteral("totp"));
        QCOMPARE(uri.path(), QStringLiteral("/Paydesk:olivia"));
        const QUrlQuery query(uri);
        QCOMPARE(query.queryItemValue(QStringLiteral("secret")), e.value().secretBase32);
        QCOMPARE(query.queryItemValue(QStringLiteral("issuer")), QStringLiteral("Paydesk"));
        QCOMPARE(crypto::base32Decode(e.value().secretBase32).value().size(), 20);

        // The secret is stored only as a vault blob.
        auto pending = f->db->scalar(
            QStringLiteral("SELECT totp_pending FROM operators WHERE name = 'olivia'"));
        QVERIFY(SecretVault::isBlob(pending.value()->toString().toLatin1()));
        QVERIFY(!pending.value()->toString().contains(e.value().secretBase32));

        // Not enrolled until confirmed; a wrong first code does not enroll.
        QVERIFY(!f->operators->confirmTotpEnrollment(owner, QStringLiteral("000000")).ok() ||
                f->code(e.value().secretBase32) == QStringLiteral("000000"));
        QVERIFY(!f->operators->find(QStringLiteral("olivia"))->totpEnrolled);
        auto codes = f->operators->confirmTotpEnrollment(owner, f->code(e.value().secretBase32));
        QVERIFY2(codes.ok(), qPrintable(codes.ok() ? QString() : codes.error().message));
        QCOMPARE(codes.value().size(), 10);
        QVERIFY(owner.totpEnrolled());
        QVERIFY(f->operators->find(QStringLiteral("olivia"))->totpEnrolled);
        auto secretCol = f->db->scalar(
            QStringLiteral("SELECT totp_secret FROM operators WHERE name = 'olivia'"));
        QVERIFY(SecretVault::isBlob(secretCol.value()->toString().toLatin1()));
        // Recovery codes only as hashes.
        auto hashes = f->db->exec(QStringLiteral("SELECT code_hash FROM recovery_codes"));
        int n = 0;
        while (hashes.value().next()) {
            ++n;
            QCOMPARE(hashes.value().value(0).toString().size(), 64);
            QVERIFY(!codes.value().contains(hashes.value().value(0).toString()));
        }
        QCOMPARE(n, 10);

        // Password alone is no longer enough.
        f->clock.advance(31 * 1000);
        auto noCode = f->operators->authenticate(QStringLiteral("olivia"), kOwnerPassword);
        QCOMPARE(noCode.error().code, QStringLiteral("security.totp_required"));
        QCOMPARE(f->operators->find(QStringLiteral("olivia"))->failedAttempts, 0);
        // A wrong code is refused and counts as a failure.
        const QString right = f->code(e.value().secretBase32);
        const QString wrong =
            right == QStringLiteral("123456") ? QStringLiteral("654321") : QStringLiteral("123456");
        auto bad = f->operators->authenticate(QStringLiteral("olivia"), kOwnerPassword, wrong);
        QCOMPARE(bad.error().code, QStringLiteral("security.bad_totp"));
        QCOMPARE(f->operators->find(QStringLiteral("olivia"))->failedAttempts, 1);
        // The right code at the ManualClock's time logs in and counts as a step-up.
        auto ok = f->operators->authenticate(QStringLiteral("olivia"), kOwnerPassword, right);
        QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.error().message));
        QVERIFY(ok.value().hasFreshStepUp());
        // The same code cannot be replayed.
        auto replay = f->operators->authenticate(QStringLiteral("olivia"), kOwnerPassword, right);
        QCOMPARE(replay.error().code, QStringLiteral("security.bad_totp"));
    }

    void totpWindowPlusMinusOneStep()
    {
        Session owner = f->owner();
        auto e = f->operators->beginTotpEnrollment(owner);
        QVERIFY(f->operators->confirmTotpEnrollment(owner, f->code(e.value().secretBase32)).ok());
        const QString secret = e.value().secretBase32;

        f->clock.advance(10 * 60 * 1000);
        // One step in the future (the phone runs 30 s fast): accepted.
        QVERIFY(f->operators
                    ->authenticate(QStringLiteral("olivia"), kOwnerPassword, f->code(secret, +1))
                    .ok());
        f->clock.advance(5 * 60 * 1000);
        // One step in the past: accepted.
        QVERIFY(f->operators
                    ->authenticate(QStringLiteral("olivia"), kOwnerPassword, f->code(secret, -1))
                    .ok());
        f->clock.advance(5 * 60 * 1000);
        // Expired (three steps old) and two steps ahead: refused.
        const QString old = f->code(secret, -3);
        const QString ahead = f->code(secret, +2);
        if (old != f->code(secret, 0) && old != f->code(secret, -1) && old != f->code(secret, 1))
            QCOMPARE(f->operators->authenticate(QStringLiteral("olivia"), kOwnerPassword, old)
                         .error()
                         .code,
                     QStringLiteral("security.bad_totp"));
        if (ahead != f->code(secret, 0) && ahead != f->code(secret, -1) &&
            ahead != f->code(secret, 1))
            QCOMPARE(f->operators->authenticate(QStringLiteral("olivia"), kOwnerPassword, ahead)
                         .error()
                         .code,
                     QStringLiteral("security.bad_totp"));
    }

    void recoveryCodeWorksOnce()
    {
        Session owner = f->owner();
        auto e = f->operators->beginTotpEnrollment(owner);
        auto codes = f->operators->confirmTotpEnrollment(owner, f->code(e.value().secretBase32));
        QVERIFY(codes.ok());
        const QString rc = codes.value().at(3);
        QVERIFY(f->operators->authenticate(QStringLiteral("olivia"), kOwnerPassword, rc.toLower())
                    .ok());
        QCOMPARE(f->operators->remainingRecoveryCodes(owner.operatorId()), 9);
        QCOMPARE(
            f->operators->authenticate(QStringLiteral("olivia"), kOwnerPassword, rc).error().code,
            QStringLiteral("security.bad_totp"));
    }

    void stepUpExpiresAndGuardsActions()
    {
        Session owner = f->owner();
        // Not enrolled: step-up actions refused with a clear reason.
        QCOMPARE(owner.authorize(Permission::ChangeSettings).error().code,
                 QStringLiteral("security.totp_not_enrolled"));
        auto e = f->operators->beginTotpEnrollment(owner);
        QVERIFY(f->operators->confirmTotpEnrollment(owner, f->code(e.value().secretBase32)).ok());
        QVERIFY(owner.authorize(Permission::ChangeSettings).ok()); // confirming counts as a step-up
        f->clock.advance(121 * 1000);
        QVERIFY(!owner.hasFreshStepUp());
        QCOMPARE(owner.authorize(Permission::ChangeSettings).error().code,
                 QStringLiteral("security.step_up_required"));
        QVERIFY(owner.authorize(Permission::ViewAudit).ok()); // no step-up needed
        QVERIFY(!owner.stepUp(QStringLiteral("12345x")).ok());
        QVERIFY(owner.stepUp(f->code(e.value().secretBase32)).ok());
        QVERIFY(owner.authorize(Permission::SignOffDay).ok());
        QVERIFY(owner.authorize(Permission::ExportData).ok());
        QCOMPARE(f->auditCount(QStringLiteral("operator.step_up")), 1);
        QCOMPARE(f->auditCount(QStringLiteral("operator.step_up_failed")), 1);

        // Refund limit (default 500.00).
        QVERIFY(owner.authorizeRefund(50000).ok());
        QVERIFY(owner.refundNeedsApproval(50001));
        QVERIFY(owner.authorizeRefund(50001).ok());
        f->clock.advance(121 * 1000);
        QCOMPARE(owner.authorizeRefund(50001).error().code,
                 QStringLiteral("security.step_up_required"));
        QVERIFY(
            f->settings
                ->setValue(QStringLiteral("security.refund_limit_minor"), QStringLiteral("100000"))
                .ok());
        QVERIFY(owner.authorizeRefund(50001).ok());
    }

    void cashierCannotManageAndLimits()
    {
        Session owner = f->owner();
        auto c = f->operators->createOperator(owner, QStringLiteral("carl"), Role::Cashier,
                                              kCashierPassword);
        QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().message));
        auto dup = f->operators->createOperator(owner, QStringLiteral("Carl"), Role::Cashier,
                                                kCashierPassword);
        QCOMPARE(dup.error().code, QStringLiteral("security.name_taken"));
        auto weak = f->operators->createOperator(owner, QStringLiteral("dora"), Role::Cashier,
                                                 QStringLiteral("dora123456789"));
        QCOMPARE(weak.error().code, QStringLiteral("security.weak_password"));

        Session cashier =
            f->operators->authenticate(QStringLiteral("carl"), kCashierPassword).value();
        QCOMPARE(cashier.role(), Role::Cashier);
        QVERIFY(cashier.authorizeRefund(100).ok());
        QCOMPARE(cashier.authorizeRefund(50001).error().code, QStringLiteral("security.forbidden"));
        auto denied = f->operators->createOperator(cashier, QStringLiteral("eve"), Role::Owner,
                                                   kManagerPassword);
        QCOMPARE(denied.error().code, QStringLiteral("security.forbidden"));
        QCOMPARE(f->operators->setDisabled(cashier, QStringLiteral("olivia"), true).error().code,
                 QStringLiteral("security.forbidden"));

        // The last owner cannot be disabled or demoted; nobody disables themselves.
        QCOMPARE(f->operators->setDisabled(owner, QStringLiteral("olivia"), true).error().code,
                 QStringLiteral("security.self"));
        QCOMPARE(f->operators->setRole(owner, QStringLiteral("olivia"), Role::Manager).error().code,
                 QStringLiteral("security.last_owner"));

        QVERIFY(f->operators->setDisabled(owner, QStringLiteral("carl"), true).ok());
        QCOMPARE(f->operators->authenticate(QStringLiteral("carl"), kCashierPassword).error().code,
                 QStringLiteral("security.disabled"));
        QVERIFY(f->operators->setDisabled(owner, QStringLiteral("carl"), false).ok());
        QVERIFY(f->operators->authenticate(QStringLiteral("carl"), kCashierPassword).ok());

        QVERIFY(f->operators->setRole(owner, QStringLiteral("carl"), Role::Manager).ok());
        QCOMPARE(f->operators->find(QStringLiteral("carl"))->role, Role::Manager);

        const QString fresh = QStringLiteral("Quartz~Pelican-5520");
        QVERIFY(f->operators->resetPassword(owner, QStringLiteral("carl"), fresh).ok());
        QVERIFY(f->operators->find(QStringLiteral("carl"))->mustChangePassword);
        QVERIFY(!f->operators->authenticate(QStringLiteral("carl"), kCashierPassword).ok());
        Session carl = f->operators->authenticate(QStringLiteral("carl"), fresh).value();
        QCOMPARE(
            f->operators->changePassword(carl, QStringLiteral("wrong-old-one"), kCashierPassword)
                .error()
                .code,
            QStringLiteral("security.bad_credentials"));
        QVERIFY(f->operators->changePassword(carl, fresh, kCashierPassword).ok());
        QVERIFY(!f->operators->find(QStringLiteral("carl"))->mustChangePassword);

        for (const char *action :
             {"operator.created", "operator.disabled", "operator.enabled", "operator.role_changed",
              "operator.password_reset", "operator.password_changed"})
            QVERIFY2(f->auditCount(QString::fromLatin1(action)) >= 1, action);
        QCOMPARE(f->operators->list().value().size(), 2);
        QVERIFY(f->audit->verify().ok);
    }

    void headlessAuthority()
    {
        Session owner = f->owner();
        QVERIFY(f->operators
                    ->createOperator(owner, QStringLiteral("mia"), Role::Manager, kManagerPassword)
                    .ok());
        QCOMPARE(authenticateHeadless(*f->operators, QStringLiteral("mia"), QString(), QString())
                     .error()
                     .code,
                 QStringLiteral("security.no_password"));
        QCOMPARE(authenticateHeadless(*f->operators, QString(), kManagerPassword, QString())
                     .error()
                     .code,
                 QStringLiteral("security.no_operator"));
        auto s =
            authenticateHeadless(*f->operators, QStringLiteral("mia"), kManagerPassword, QString());
        QVERIFY(s.ok());
        QVERIFY(s.value().authorize(Permission::Refund).ok());
        QCOMPARE(s.value().authorize(Permission::ChangeSettings).error().code,
                 QStringLiteral("security.totp_not_enrolled"));

        Session mia = s.value();
        auto e = f->operators->beginTotpEnrollment(mia);
        QVERIFY(f->operators->confirmTotpEnrollment(mia, f->code(e.value().secretBase32)).ok());
        f->clock.advance(60 * 1000);
        auto need =
            authenticateHeadless(*f->operators, QStringLiteral("mia"), kManagerPassword, QString());
        QCOMPARE(need.error().code, QStringLiteral("security.totp_required"));
        QVERIFY(need.error().message.contains(QStringLiteral("PAYDESK_TOTP")));
        auto withCode = authenticateHeadless(*f->operators, QStringLiteral("mia"), kManagerPassword,
                                             f->code(e.value().secretBase32));
        QVERIFY(withCode.ok());
        // One command can do a step-up action right away.
        QVERIFY(withCode.value().authorizeRefund(1'000'000).ok());

        qputenv("PAYDESK_PASSWORD", kManagerPassword.toUtf8());
        f->clock.advance(60 * 1000);
        qputenv("PAYDESK_TOTP", f->code(e.value().secretBase32).toUtf8());
        QVERIFY(authenticateHeadlessFromEnvironment(*f->operators, QStringLiteral("mia")).ok());
        qunsetenv("PAYDESK_PASSWORD");
        qunsetenv("PAYDESK_TOTP");
    }

    void idleSessionAndIdleLock()
    {
        Session owner = f->owner();
        QVERIFY(!owner.isIdle());
        f->clock.advance(4 * 60 * 1000);
        owner.touch();
        f->clock.advance(4 * 60 * 1000);
        QVERIFY(!owner.isIdle());
        f->clock.advance(60 * 1000);
        QVERIFY(owner.isIdle()); // default 5 minutes

        IdleLock lock(f->clock, 5);
        QSignalSpy spy(&lock, &IdleLock::idleTimeout);
        lock.start();
        f->clock.advance(3 * 60 * 1000);
        lock.noteActivity();
        f->clock.advance(3 * 60 * 1000);
        QCOMPARE(spy.count(), 0);
        f->clock.advance(2 * 60 * 1000);
        QCOMPARE(spy.count(), 1);
        f->clock.advance(30 * 60 * 1000);
        QCOMPARE(spy.count(), 1); // once, until started again
        lock.start();
        f->clock.advance(5 * 60 * 1000);
        QCOMPARE(spy.count(), 2);
    }

    void failedStepUpsCountTowardsLockOut()
    {
        Session owner = f->owner();
        auto e = f->operators->beginTotpEnrollment(owner);
        const QString secret = e.value().secretBase32;
        QVERIFY(f->operators->confirmTotpEnrollment(owner, f->code(secret)).ok());
        f->clock.advance(121 * 1000);
        QString wrong;
        for (const QString &candidate : {u"000000"_s, u"111111"_s, u"222222"_s, u"333333"_s}) {
            if (candidate != f->code(secret, -1) && candidate != f->code(secret) &&
                candidate != f->code(secret, 1)) {
                wrong = candidate;
                break;
            }
        }
        for (int i = 0; i < OperatorService::MaxFailures; ++i)
            QVERIFY(!owner.stepUp(wrong).ok());
        // Guessing codes at an unlocked till is guessing a password's second half.
        QVERIFY(f->operators->lockedUntil(u"olivia"_s).has_value());
        f->clock.advance(30 * 1000);
        const Status right = owner.stepUp(f->code(secret));
        QVERIFY(!right.ok());
        QCOMPARE(right.error().code, u"security.locked"_s);
        QCOMPARE(
            f->operators->authenticate(u"olivia"_s, kOwnerPassword, f->code(secret)).error().code,
            u"security.locked"_s);
        QCOMPARE(f->auditCount(u"operator.locked_out"_s), 1);
    }

    void concurrentFailuresAreAllCounted()
    {
        // Five wrong passwords typed at once at five tills (five connections): each counts.
        Session owner = f->owner();
        for (int round = 0; round < 3; ++round) {
            const QString name = u"cash%1"_s.arg(round);
            QVERIFY(
                f->operators->createOperator(owner, name, Role::Cashier, kCashierPassword).ok());
            constexpr int kTills = OperatorService::MaxFailures;
            std::latch start(kTills);
            std::vector<std::thread> tills;
            for (int t = 0; t < kTills; ++t)
                tills.emplace_back([&] {
                    auto db = Database::open(f->dbPath());
                    if (!db.ok())
                        return;
                    AuditLog audit(*db.value(), f->clock, *f->vault);
                    OperatorService operators(*db.value(), f->clock, *f->vault, audit);
                    operators.setScryptCost(ScryptCost{1 << 10, 8, 1});
                    start.arrive_and_wait();
                    (void)operators.authenticate(name, u"not the password"_s);
                });
            for (auto &t : tills)
                t.join();
            QVERIFY2(f->operators->lockedUntil(name).has_value(),
                     qPrintable(u"round %1: %2 failures counted as %3"_s.arg(round).arg(kTills).arg(
                         f->operators->find(name)->failedAttempts)));
        }
        QVERIFY(f->audit->verify().ok);
    }

    void passwordMaxAgeAsksForANewPassword()
    {
        Session owner = f->owner();
        QCOMPARE(owner.passwordChange(), PasswordChange::None);
        // Off by default: a year-old password is still fine.
        f->clock.advance(qint64(400) * 24 * 3600 * 1000);
        Session late = f->operators->authenticate(u"olivia"_s, kOwnerPassword).value();
        QCOMPARE(late.passwordChange(), PasswordChange::None);

        f->operators->setPasswordMaxAgeDays(90);
        Session expired = f->operators->authenticate(u"olivia"_s, kOwnerPassword).value();
        QCOMPARE(expired.passwordChange(), PasswordChange::Expired);
        QVERIFY(f->operators->changePassword(expired, kOwnerPassword, kManagerPassword).ok());
        QCOMPARE(expired.passwordChange(), PasswordChange::None);
        f->clock.advance(qint64(89) * 24 * 3600 * 1000);
        QCOMPARE(f->operators->authenticate(u"olivia"_s, kManagerPassword).value().passwordChange(),
                 PasswordChange::None);
        f->clock.advance(qint64(2) * 24 * 3600 * 1000);
        QCOMPARE(f->operators->authenticate(u"olivia"_s, kManagerPassword).value().passwordChange(),
                 PasswordChange::Expired);

        // A new operator's age starts at creation; a reset by the owner says so.
        Session o2 = f->operators->authenticate(u"olivia"_s, kManagerPassword).value();
        QVERIFY(f->operators->createOperator(o2, u"carl"_s, Role::Cashier, kCashierPassword).ok());
        QCOMPARE(f->operators->authenticate(u"carl"_s, kCashierPassword).value().passwordChange(),
                 PasswordChange::None);
        QVERIFY(f->operators->resetPassword(o2, u"carl"_s, u"Temporary-Pass-82!"_s).ok());
        QCOMPARE(
            f->operators->authenticate(u"carl"_s, u"Temporary-Pass-82!"_s).value().passwordChange(),
            PasswordChange::Reset);
    }
};

QTEST_GUILESS_MAIN(TestOperators)
#include "tst_operators.moc"
