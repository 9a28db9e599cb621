#include "core/crypto/secretvault.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <latch>
#include <thread>
#include <vector>

#include <sys/stat.h>

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {

mode_t modeOf(const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

const QByteArray kSecret = QByteArrayLiteral("-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0B");
const QByteArray kContext = QByteArrayLiteral("provider.alipay.private_key");

} // namespace

class TestSecretVault : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void createsOwnerOnlyKeyFile();
    void reopenDecryptsOldBlob();
    void blobFormat();
    void tamperedBlobFails_data();
    void tamperedBlobFails();
    void wrongContextFails();
    void otherKeyFails();
    void refusesAccessibleKeyFile_data();
    void refusesAccessibleKeyFile();
    void refusesDamagedKeyFile();
    void stringsRoundTrip();
    void fromKey();
    void concurrentCreationAgreesOnOneKey();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString keyPath() const { return m_dir->filePath(u"keys/paydesk.key"_s); }
};

void TestSecretVault::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSecretVault::createsOwnerOnlyKeyFile()
{
    QVERIFY(!QFile::exists(keyPath()));
    // A permissive umask must not leak into the key file's mode.
    const mode_t oldMask = ::umask(0);
    auto vault = SecretVault::open(keyPath());
    ::umask(oldMask);
    QVERIFY2(vault.ok(), qPrintable(vault.ok() ? QString() : vault.error().message));
    QVERIFY(QFile::exists(keyPath()));
    QCOMPARE(modeOf(keyPath()), mode_t(0600));
    QCOMPARE(modeOf(m_dir->filePath(u"keys"_s)), mode_t(0700));
    QCOMPARE(QFileInfo(keyPath()).size(), qint64(SecretVault::KeySize));
    QCOMPARE(vault.value()->keyFilePath(), QFileInfo(keyPath()).absoluteFilePath());
}

void TestSecretVault::reopenDecryptsOldBlob()
{
    QByteArray blob;
    QByteArray keyBytes;
    {
        auto first = SecretVault::open(keyPath());
        QVERIFY(first.ok());
        const auto sealed = first.value()->encrypt(kSecret, kContext);
        QVERIFY(sealed.ok());
        blob = sealed.value();
        QFile file(keyPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        keyBytes = file.readAll();
    }
    auto second = SecretVault::open(keyPath());
    QVERIFY(second.ok());
    const auto opened = second.value()->decrypt(blob, kContext);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    QCOMPARE(opened.value(), kSecret);

    // Reopening reads the key; it never rewrites it.
    QFile file(keyPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), keyBytes);
}

void TestSecretVault::blobFormat()
{
    auto vault = SecretVault::open(keyPath());
    QVERIFY(vault.ok());
    const auto a = vault.value()->encrypt(kSecret, kContext);
    const auto b = vault.value()->encrypt(kSecret, kContext);
    QVERIFY(a.ok() && b.ok());
    QVERIFY(a.value().startsWith("v1:"));
    QVERIFY(SecretVault::isBlob(a.value()));
    QVERIFY(!SecretVault::isBlob(kSecret));
    const QByteArray raw = QByteArray::fromBase64(a.value().mid(3));
    QCOMPARE(raw.size(), 12 + kSecret.size() + 16);
    // Fresh nonce each time: equal secrets do not give equal blobs.
    QVERIFY(a.value() != b.value());
    // Neither the plaintext nor any recognisable part of it is in the blob.
    QVERIFY(!a.value().contains(kSecret));
    QVERIFY(!raw.contains(kSecret));
    QVERIFY(!raw.contains("BEGIN PRIVATE KEY"));
    QVERIFY(!a.value().contains(kSecret.toBase64()));

    const auto empty = vault.value()->encrypt(QByteArray(), kContext);
    QVERIFY(empty.ok());
    QCOMPARE(vault.value()->decrypt(empty.value(), kContext).value(), QByteArray());
}

void TestSecretVault::tamperedBlobFails_data()
{
    QTest::addColumn<int>("rawIndex"); // byte of nonce||ciphertext||tag to flip
    QTest::newRow("nonce") << 0;
    QTest::newRow("ciphertext") << 12;
    QTest::newRow("tag") << -1;
}

void TestSecretVault::tamperedBlobFails()
{
    QFETCH(int, rawIndex);
    auto vault = SecretVault::open(keyPath());
    QVERIFY(vault.ok());
    const QByteArray blob = vault.value()->encrypt(kSecret, kContext).value();
    QByteArray raw = QByteArray::fromBase64(blob.mid(3));
    const int index = rawIndex >= 0 ? rawIndex : int(raw.size()) - 1;
    raw[index] = char(raw.at(index) ^ 0x01);
    const auto opened = vault.value()->decrypt("v1:" + raw.toBase64(), kContext);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, u"vault.decrypt_failed"_s);
    QVERIFY(!opened.error().message.isEmpty());
}

void TestSecretVault::wrongContextFails()
{
    auto vault = SecretVault::open(keyPath());
    QVERIFY(vault.ok());
    const QByteArray blob = vault.value()->encrypt(kSecret, kContext).value();
    QCOMPARE(vault.value()->decrypt(blob, kContext).value(), kSecret);
    const auto moved = vault.value()->decrypt(blob, "merchant.bank_account");
    QVERIFY(!moved.ok());
    QCOMPARE(moved.error().code, u"vault.decrypt_failed"_s);
    QVERIFY(!vault.value()->decrypt(blob, QByteArray()).ok());

    // Malformed blobs are reported as such, not as tampering.
    QCOMPARE(vault.value()->decrypt(kSecret, kContext).error().code, u"vault.bad_blob"_s);
    QCOMPARE(vault.value()->decrypt("v2:" + blob.mid(3), kContext).error().code,
             u"vault.bad_blob"_s);
    QCOMPARE(vault.value()->decrypt("v1:not base64!", kContext).error().code, u"vault.bad_blob"_s);
    QCOMPARE(vault.value()->decrypt(blob.left(20), kContext).error().code, u"vault.bad_blob"_s);
}

void TestSecretVault::otherKeyFails()
{
    auto vault = SecretVault::open(keyPath());
    auto other = SecretVault::open(m_dir->filePath(u"other.key"_s));
    QVERIFY(vault.ok() && other.ok());
    const QByteArray blob = vault.value()->encrypt(kSecret, kContext).value();
    QCOMPARE(other.value()->decrypt(blob, kContext).error().code, u"vault.decrypt_failed"_s);
}

void TestSecretVault::refusesAccessibleKeyFile_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("world readable") << 0604;
    QTest::newRow("group readable") << 0640;
    QTest::newRow("0644") << 0644;
    QTest::newRow("group writable") << 0620;
}

void TestSecretVault::refusesAccessibleKeyFile()
{
    QFETCH(int, mode);
    {
        auto vault = SecretVault::open(keyPath());
        QVERIFY(vault.ok());
    }
    QCOMPARE(::chmod(QFile::encodeName(keyPath()).constData(), mode_t(mode)), 0);
    const auto refused = SecretVault::open(keyPath());
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, u"vault.key_permissions"_s);
    QVERIFY(refused.error().message.contains(QFileInfo(keyPath()).absoluteFilePath()));
    // Refusing must not "repair" or replace the file.
    QCOMPARE(modeOf(keyPath()), mode_t(mode));
    QCOMPARE(QFileInfo(keyPath()).size(), qint64(SecretVault::KeySize));

    QCOMPARE(::chmod(QFile::encodeName(keyPath()).constData(), 0600), 0);
    QVERIFY(SecretVault::open(keyPath()).ok());
}

void TestSecretVault::refusesDamagedKeyFile()
{
    const QString path = m_dir->filePath(u"short.key"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
        file.write(QByteArray(31, 'k'));
    }
    const auto vault = SecretVault::open(path);
    QVERIFY(!vault.ok());
    QCOMPARE(vault.error().code, u"vault.key_corrupt"_s);
    QCOMPARE(QFileInfo(path).size(), qint64(31));

    QVERIFY(QDir(m_dir->path()).mkdir(u"adir"_s));
    QCOMPARE(SecretVault::open(m_dir->filePath(u"adir"_s)).error().code, u"vault.key_unreadable"_s);
}

void TestSecretVault::stringsRoundTrip()
{
    auto vault = SecretVault::open(keyPath());
    QVERIFY(vault.ok());
    const QString account = u"6222 0212 3456 7890 \u5f20\u4e09"_s; // bank account + name
    const auto blob = vault.value()->encryptString(account, "merchant.bank_account");
    QVERIFY(blob.ok());
    QVERIFY(blob.value().startsWith(u"v1:"));
    QVERIFY(!blob.value().contains(u"6222"));
    const auto opened = vault.value()->decryptString(blob.value(), "merchant.bank_account");
    QVERIFY(opened.ok());
    QCOMPARE(opened.value(), account);
    QCOMPARE(vault.value()->decryptString(blob.value(), "merchant.id_number").error().code,
             u"vault.decrypt_failed"_s);
}

void TestSecretVault::fromKey()
{
    QCOMPARE(SecretVault::fromKey(QByteArray(16, 'k')).error().code, u"vault.key_corrupt"_s);
    auto a = SecretVault::fromKey(QByteArray(32, 'k'));
    auto b = SecretVault::fromKey(QByteArray(32, 'k'));
    QVERIFY(a.ok() && b.ok());
    QVERIFY(a.value()->keyFilePath().isEmpty());
    const QByteArray blob = a.value()->encrypt("secret", "ctx").value();
    QCOMPARE(b.value()->decrypt(blob, "ctx").value(), QByteArray("secret"));
}

void TestSecretVault::concurrentCreationAgreesOnOneKey()
{
    // Issue 8.8: two processes starting on a fresh data folder must not each make a data key
    // (secrets encrypted under the key that loses the race would be gone for ever).
    constexpr int kRounds = 30;
    constexpr int kThreads = 4;
    for (int round = 0; round < kRounds; ++round) {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"keys/race.key"_s);
        std::latch start(kThreads);
        std::vector<std::unique_ptr<SecretVault>> vaults(kThreads);
        std::vector<QString> errors(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                start.arrive_and_wait();
                auto v = SecretVault::open(path);
                if (v.ok())
                    vaults[size_t(t)] = std::move(v.value());
                else
                    errors[size_t(t)] = v.error().message;
            });
        for (auto &th : threads)
            th.join();
        for (const QString &e : errors)
            QVERIFY2(e.isEmpty(), qPrintable(e));
        auto onDisk = SecretVault::open(path);
        QVERIFY(onDisk.ok());
        for (const auto &v : vaults) {
            const QByteArray blob = v->encrypt(kSecret, kContext).value();
            auto back = onDisk.value()->decrypt(blob, kContext);
            QVERIFY2(
                back.ok(),
                qPrintable(u"round %1: a process kept a key that is not on disk"_s.arg(round)));
        }
        QCOMPARE(QDir(dir.filePath(u"keys"_s)).entryList(QDir::Files | QDir::Hidden),
                 QStringList{u"race.key"_s});
    }
}

QTEST_GUILESS_MAIN(TestSecretVault)
#include "tst_secretvault.moc"
