#include "core/security/pinnedkeyverifier.h"
#include "core/security/replayguard.h"
#include "core/storage/database.h"
#include "core/util/clock.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;

class TestTransportGuards : public QObject
{
    Q_OBJECT
private:
    static QSslCertificate cert(const char *name)
    {
        QFile file(qEnvironmentVariable("PAYDESK_TEST_DATA") + QStringLiteral("/security/") +
                   QLatin1String(name));
        if (!file.open(QIODevice::ReadOnly))
            return QSslCertificate();
        return QSslCertificate(file.readAll(), QSsl::Pem);
    }

private slots:
    void replayedIdRefused()
    {
        ManualClock clock;
        ReplayGuard guard(clock);
        const QDateTime now = clock.nowUtc();
        QVERIFY(guard.accept(QStringLiteral("notify-1"), now).ok());
        QCOMPARE(guard.accept(QStringLiteral("notify-1"), now).error().code,
                 QStringLiteral("replay.duplicate"));
        QVERIFY(guard.accept(QStringLiteral("notify-2"), now).ok());
        clock.advance(100 * 1000);
        QCOMPARE(guard.accept(QStringLiteral("notify-1"), clock.nowUtc()).error().code,
                 QStringLiteral("replay.duplicate"));
        QCOMPARE(guard.acceptId(QStringLiteral("notify-2")).error().code,
                 QStringLiteral("replay.duplicate"));
        QCOMPARE(guard.acceptId(QString()).error().code, QStringLiteral("replay.bad_input"));
    }

    void staleTimestampRefused_data()
    {
        QTest::addColumn<int>("offset");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("now") << 0 << true;
        QTest::newRow("299 s old") << -299 << true;
        QTest::newRow("300 s old") << -300 << false;
        QTest::newRow("1 h old") << -3600 << false;
        QTest::newRow("299 s ahead") << 299 << true;
        QTest::newRow("300 s ahead") << 300 << false;
    }
    void staleTimestampRefused()
    {
        QFETCH(int, offset);
        QFETCH(bool, accepted);
        ManualClock clock;
        ReplayGuard guard(clock);
        const Status s = guard.accept(QStringLiteral("n"), clock.nowUtc().addSecs(offset));
        QCOMPARE(s.ok(), accepted);
        if (!accepted)
            QCOMPARE(s.error().code, QStringLiteral("replay.stale"));
        QVERIFY(!guard.accept(QStringLiteral("x"), QDateTime()).ok());
    }

    void persistsAcrossRestartWithinWindow()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("d.db")));
        QVERIFY(db.ok());
        ManualClock clock;
        {
            ReplayGuard guard(clock, db.value().get());
            QVERIFY(guard.accept(QStringLiteral("nonce-a"), clock.nowUtc()).ok());
        }
        clock.advance(60 * 1000);
        ReplayGuard restarted(clock, db.value().get());
        QCOMPARE(restarted.accept(QStringLiteral("nonce-a"), clock.nowUtc()).error().code,
                 QStringLiteral("replay.duplicate"));
        // After the window the id is forgotten (and its timestamp check protects instead).
        clock.advance(301 * 1000);
        QVERIFY(!restarted.seen(QStringLiteral("nonce-a")));
        QVERIFY(restarted.accept(QStringLiteral("nonce-b"), clock.nowUtc()).ok());
        auto left = db.value()->scalar(QStringLiteral("SELECT COUNT(*) FROM replay_nonces"));
        QCOMPARE(left.value()->toInt(), 1);
    }

    void pinnedKey()
    {
        const QSslCertificate server = cert("server.pem");
        const QSslCertificate other = cert("other.pem");
        QVERIFY(!server.isNull());
        QVERIFY(!other.isNull());
        QFile pinFile(qEnvironmentVariable("PAYDESK_TEST_DATA") +
                      QStringLiteral("/security/server.pin"));
        QVERIFY(pinFile.open(QIODevice::ReadOnly));
        const QString pin =
            QString::fromLatin1(pinFile.readAll().trimmed()); // computed with the openssl CLI
        QCOMPARE(PinnedKeyVerifier::pinFor(server), QStringLiteral("sha256/") + pin);

        const PinnedKeyVerifier none;
        QVERIFY(!none.isConfigured());
        QVERIFY(none.verify({other}).ok());

        const PinnedKeyVerifier pinned(
            {QStringLiteral("sha256/") + pin, QStringLiteral("garbage")});
        QCOMPARE(pinned.pinCount(), 1);
        QVERIFY(pinned.verify({server}).ok());
        QVERIFY(pinned.verify({other, server}).ok()); // any certificate of the chain
        QCOMPARE(pinned.verify({other}).error().code, QStringLiteral("security.pin_mismatch"));
        QVERIFY(!pinned.verify({}).ok());
        const PinnedKeyVerifier hex(
            {QString::fromLatin1(QByteArray::fromBase64(pin.toLatin1()).toHex())});
        QVERIFY(hex.verify({server}).ok());
    }
};

QTEST_GUILESS_MAIN(TestTransportGuards)
#include "tst_transportguards.moc"
