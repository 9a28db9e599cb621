#include "core/crypto/crypto.h"
#include "core/crypto/secretvault.h"
#include "core/security/anomalymonitor.h"
#include "core/security/auditlog.h"
#include "core/security/operatorservice.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/util/clock.h"
#include "ui/security/alertspanel.h"
#include "ui/security/auditview.h"
#include "ui/security/changepassworddialog.h"
#include "ui/security/logindialog.h"
#include "ui/security/operatorspage.h"
#include "ui/security/totpenrolldialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace paydesk;

namespace {
const QString kPassword = QStringLiteral("Lantern-Orbit-73!");
}

class TestSecurityDialogs : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir dir;
    ManualClock clock;
    std::unique_ptr<Database> db;
    std::unique_ptr<SecretVault> vault;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<OperatorService> operators;

    template <typename T> static T *child(QWidget *w, const char *name)
    {
        T *c = w->findChild<T *>(QLatin1String(name));
        if (!c)
            qWarning() << "missing child" << name;
        return c;
    }
    static void type(QLineEdit *edit, const QString &text)
    {
        edit->clear();
        QTest::keyClicks(edit, text);
    }

private slots:
    void init()
    {
        db = std::move(
            Database::open(
                dir.filePath(QStringLiteral("ui-%1.db").arg(QDateTime::currentMSecsSinceEpoch())))
                .value());
        vault = std::move(SecretVault::fromKey(crypto::randomBytes(32)).value());
        audit = std::make_unique<AuditLog>(*db, clock, *vault);
        operators = std::make_unique<OperatorService>(*db, clock, *vault, *audit);
        operators->setScryptCost(ScryptCost{1 << 10, 8, 1});
    }
    void cleanup()
    {
        operators.reset();
        audit.reset();
        vault.reset();
        db.reset();
    }

    void loginWrongStaysRightAccepts()
    {
        QVERIFY(operators->bootstrapOwner(QStringLiteral("olivia"), kPassword).ok());
        LoginDialog dialog(*operators);
        dialog.show();
        auto *name = child<QLineEdit>(&dialog, "operatorNameEdit");
        auto *password = child<QLineEdit>(&dialog, "passwordEdit");
        auto *login = child<QPushButton>(&dialog, "loginButton");
        auto *error = child<QLabel>(&dialog, "errorLabel");
        auto *totp = child<QLineEdit>(&dialog, "totpEdit");
        QVERIFY(name && password && login && error && totp);
        QVERIFY(totp->isHidden());

        type(name, QStringLiteral("olivia"));
        type(password, QStringLiteral("not-the-password"));
        QTest::mouseClick(login, Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!error->isHidden());
        QVERIFY(error->text().contains(QStringLiteral("Wrong")));
        QVERIFY(password->text().isEmpty());

        type(password, kPassword);
        QTest::keyClick(password, Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.session().operatorName(), QStringLiteral("olivia"));
    }

    void loginAfterResetForcesPasswordChange()
    {
        QVERIFY(operators->bootstrapOwner(QStringLiteral("olivia"), kPassword).ok());
        Session owner = operators->authenticate(QStringLiteral("olivia"), kPassword).value();
        const QString temporary = QStringLiteral("Quartz~Pelican-5520");
        const QString chosen = QStringLiteral("Harbor!Violet-8841");
        QVERIFY(operators
                    ->createOperator(owner, QStringLiteral("carl"), Role::Cashier,
                                     QStringLiteral("Granite+Meadow-461"))
                    .ok());
        QVERIFY(operators->resetPassword(owner, QStringLiteral("carl"), temporary).ok());

        LoginDialog dialog(*operators);
        dialog.show();
        type(child<QLineEdit>(&dialog, "operatorNameEdit"), QStringLiteral("carl"));
        type(child<QLineEdit>(&dialog, "passwordEdit"), temporary);
        bool sawChangeDialog = false;
        QTimer::singleShot(0, this, [&] {
            auto *change = qobject_cast<ChangePasswordDialog *>(QApplication::activeModalWidget());
            if (!change)
                return;
            sawChangeDialog = true;
            auto *ok = change->findChild<QPushButton *>(QStringLiteral("okButton"));
            type(change->findChild<QLineEdit *>(QStringLiteral("oldPasswordEdit")), temporary);
            type(change->findChild<QLineEdit *>(QStringLiteral("newPasswordEdit")),
                 QStringLiteral("carl-password-1"));
            type(change->findChild<QLineEdit *>(QStringLiteral("confirmEdit")),
                 QStringLiteral("carl-password-1"));
            const bool weakRefused = !ok->isEnabled();
            type(change->findChild<QLineEdit *>(QStringLiteral("newPasswordEdit")), chosen);
            type(change->findChild<QLineEdit *>(QStringLiteral("confirmEdit")), chosen);
            if (weakRefused && ok->isEnabled())
                QTest::mouseClick(ok, Qt::LeftButton);
        });
        QTest::mouseClick(child<QPushButton>(&dialog, "loginButton"), Qt::LeftButton);
        QVERIFY(sawChangeDialog);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.session().operatorName(), QStringLiteral("carl"));
        QVERIFY(!operators->find(QStringLiteral("carl"))->mustChangePassword);
        QVERIFY(operators->authenticate(QStringLiteral("carl"), chosen).ok());
    }

    void loginAsksForNewPasswordWhenTooOld()
    {
        QVERIFY(operators->bootstrapOwner(QStringLiteral("olivia"), kPassword).ok());
        operators->setPasswordMaxAgeDays(90);
        clock.advance(qint64(91) * 24 * 3600 * 1000);
        const QString chosen = QStringLiteral("Harbor!Violet-8841");

        LoginDialog dialog(*operators);
        dialog.show();
        type(child<QLineEdit>(&dialog, "operatorNameEdit"), QStringLiteral("olivia"));
        type(child<QLineEdit>(&dialog, "passwordEdit"), kPassword);
        QString reason;
        QTimer::singleShot(0, this, [&] {
            auto *change = qobject_cast<ChangePasswordDialog *>(QApplication::activeModalWidget());
            if (!change)
                return;
            auto *label = change->findChild<QLabel *>(QStringLiteral("reasonLabel"));
            reason = label && label->isVisible() ? label->text() : QStringLiteral("(hidden)");
            type(change->findChild<QLineEdit *>(QStringLiteral("oldPasswordEdit")), kPassword);
            type(change->findChild<QLineEdit *>(QStringLiteral("newPasswordEdit")), chosen);
            type(change->findChild<QLineEdit *>(QStringLiteral("confirmEdit")), chosen);
            QTest::mouseClick(change->findChild<QPushButton *>(QStringLiteral("okButton")),
                              Qt::LeftButton);
        });
        QTest::mouseClick(child<QPushButton>(&dialog, "loginButton"), Qt::LeftButton);
        QVERIFY2(reason.contains(QStringLiteral("90")), qPrintable(reason));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.session().passwordChange(), PasswordChange::None);
        QCOMPARE(operators->authenticate(QStringLiteral("olivia"), chosen).value().passwordChange(),
                 PasswordChange::None);
    }

    void loginWithoutMaxAgeDoesNotAsk()
    {
        QVERIFY(operators->bootstrapOwner(QStringLiteral("olivia"), kPassword).ok());
        clock.advance(qint64(400) * 24 * 3600 * 1000);
        LoginDialog dialog(*operators);
        dialog.show();
        type(child<QLineEdit>(&dialog, "operatorNameEdit"), QStringLiteral("olivia"));
        type(child<QLineEdit>(&dialog, "passwordEdit"), kPassword);
        bool asked = false;
        QTimer::singleShot(0, this, [&] {
            if (auto *change =
                    qobject_cast<ChangePasswordDialog *>(QApplication::activeModalWidget())) {
                asked = true;
                change->reject();
            }
        });
        QTest::mouseClick(child<QPushButton>(&dialog, "loginButton"), Qt::LeftButton);
        QVERIFY(!asked);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    void loginShowsLockoutTime()
    {
        QVERIFY(operators->bootstrapOwner(QStringLiteral("olivia"), kPassword).ok());
        LoginDialog dialog(*operators);
        dialog.show();
        auto *name = child<QLineEdit>(&dialog, "operatorNameEdit");
        auto *password = child<QLineEdit>(&dialog, "passwordEdit");
        auto *login = child<QPushButton>(&dialog, "loginButton");
        type(name, QStringLiteral("olivia"));
        for (int i = 0; i < 5; ++i) {
            type(password, QStringLiteral("wrong-%1-wrong").arg(i));
            QTest::mouseClick(login, Qt::LeftButton);
        }
        QVERIFY2(dialog.errorText().contains(QStringLiteral("15 minute")),
                 qPrintable(dialog.errorText()));
        QVERIFY(dialog.isVisible());
    }

    void totpEnrollmentThenLoginAsksForCode()
    {
        QVERIFY(operators->bootstrapOwner(QStringLiteral("olivia"), kPassword).ok());
        Session session = operators->authenticate(QStringLiteral("olivia"), kPassword).value();
        TotpEnrollDialog enroll(*operators, session);
        auto *qr = child<QLabel>(&enroll, "qrLabel");
        QVERIFY(qr && !qr->pixmap().isNull());
        QVERIFY(enroll.otpauthUri().startsWith(
            QStringLiteral("otpauth://totp/Paydesk:olivia?secret=")));
        const QString secret = enroll.otpauthUri()
                                   .section(QStringLiteral("secret="), 1)
                                   .section(QLatin1Char('&'), 0, 0);
        type(child<QLineEdit>(&enroll, "codeEdit"),
             crypto::totp(crypto::base32Decode(secret).value(), clock.nowUtc().toSecsSinceEpoch()));
        QTest::mouseClick(child<QPushButton>(&enroll, "confirmButton"), Qt::LeftButton);
        QCOMPARE(enroll.recoveryCodes().size(), 10);
        QCOMPARE(child<QPlainTextEdit>(&enroll, "recoveryCodes")
                     ->toPlainText()
                     .split(QLatin1Char('\n'))
                     .size(),
                 10);
        QVERIFY(session.totpEnrolled());

        clock.advance(60 * 1000);
        LockScreen lock(*operators, QStringLiteral("olivia"));
        lock.show();
        QCOMPARE(child<QLineEdit>(&lock, "operatorNameEdit")->text(), QStringLiteral("olivia"));
        auto *totp = child<QLineEdit>(&lock, "totpEdit");
        type(child<QLineEdit>(&lock, "passwordEdit"), kPassword);
        QTest::mouseClick(child<QPushButton>(&lock, "loginButton"), Qt::LeftButton);
        QVERIFY(!totp->isHidden()); // password right: now the code is asked for
        QVERIFY(lock.isVisible());
        QTest::keyClick(&lock, Qt::Key_Escape);
        QVERIFY(lock.isVisible()); // the lock screen cannot be dismissed
        type(totp,
             crypto::totp(crypto::base32Decode(secret).value(), clock.nowUtc().toSecsSinceEpoch()));
        QTest::mouseClick(child<QPushButton>(&lock, "loginButton"), Qt::LeftButton);
        QCOMPARE(lock.result(), int(QDialog::Accepted));
        QVERIFY(lock.session().hasFreshStepUp());
    }

    void operatorsPageAndAuditView()
    {
        QVERIFY(operators->bootstrapOwner(QStringLiteral("olivia"), kPassword).ok());
        Session session = operators->authenticate(QStringLiteral("olivia"), kPassword).value();
        QVERIFY(operators
                    ->createOperator(session, QStringLiteral("carl"), Role::Cashier,
                                     QStringLiteral("Granite+Meadow-461"))
                    .ok());
        OperatorsPage page(*operators);
        page.setSession(&session);
        auto *table = child<QTableWidget>(&page, "operatorsTable");
        QCOMPARE(table->rowCount(), 2);
        table->selectRow(0); // carl (sorted by name)
        QCOMPARE(page.selectedName(), QStringLiteral("carl"));
        QTest::mouseClick(child<QPushButton>(&page, "disableButton"), Qt::LeftButton);
        QVERIFY(operators->find(QStringLiteral("carl"))->disabled);
        QVERIFY(page.statusText().contains(QStringLiteral("disabled")));

        AuditView view(*audit);
        QVERIFY(view.rowCount() >= 3);
        type(child<QLineEdit>(&view, "actionFilter"), QStringLiteral("operator.disabled"));
        QTest::mouseClick(child<QPushButton>(&view, "searchButton"), Qt::LeftButton);
        QCOMPARE(view.rowCount(), 1);
        QTest::mouseClick(child<QPushButton>(&view, "verifyButton"), Qt::LeftButton);
        QVERIFY2(view.verifyText().contains(QStringLiteral("intact")),
                 qPrintable(view.verifyText()));
        QVERIFY(db->exec(QStringLiteral("DROP TRIGGER audit_log_no_update")).ok());
        QVERIFY(db->exec(QStringLiteral("UPDATE audit_log SET operator = 'mallory' WHERE id = 2"))
                    .ok());
        QTest::mouseClick(child<QPushButton>(&view, "verifyButton"), Qt::LeftButton);
        QVERIFY2(view.verifyText().contains(QStringLiteral("entry 2")),
                 qPrintable(view.verifyText()));
    }

    void alertsPanelAcknowledge()
    {
        QVERIFY(operators->bootstrapOwner(QStringLiteral("olivia"), kPassword).ok());
        Session session = operators->authenticate(QStringLiteral("olivia"), kPassword).value();
        SettingsStore settings(*db);
        AnomalyMonitor monitor(*db, settings, *audit, clock);
        AlertsPanel panel(monitor);
        panel.setSession(&session);
        QCOMPARE(panel.rowCount(), 0);
        for (int i = 0; i < 5; ++i)
            monitor.observe(
                {PaymentEvent::Kind::CodeFailed, 0, QStringLiteral("carl"), {}, {}, {}});
        QCOMPARE(panel.rowCount(), 1); // refreshed through alertsChanged
        QVERIFY(child<QPushButton>(&panel, "acknowledgeButton")->isEnabled());
        const qint64 id = monitor.alerts(true).value().first().id;
        QVERIFY(monitor.acknowledge(id, session, QStringLiteral("checked")).ok());
        QCOMPARE(panel.rowCount(), 0);
        child<QCheckBox>(&panel, "showAcknowledgedCheck")->setChecked(true);
        QCOMPARE(panel.rowCount(), 1);
    }
};

QTEST_MAIN(TestSecurityDialogs)
#include "tst_securitydialogs.moc"
