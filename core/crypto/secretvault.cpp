#include "core/crypto/secretvault.h"

#include "core/crypto/crypto.h"
#include "core/util/log.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <openssl/crypto.h>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace paydesk {

namespace {

constexpr int kNonceSize = 12;
constexpr int kTagSize = 16;
const QByteArray kPrefixV1 = QByteArrayLiteral("v1:");

// Mode bits straight from stat(): QFileInfo::permissions() mixes in the caller's identity.
std::optional<mode_t> fileMode(const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return std::nullopt;
    return st.st_mode;
}

} // namespace

SecretVault::SecretVault(QByteArray key, QString keyFilePath)
    : m_key(std::move(key)), m_keyFilePath(std::move(keyFilePath))
{
}

SecretVault::~SecretVault()
{
    OPENSSL_cleanse(m_key.data(), size_t(m_key.size()));
}

Result<std::unique_ptr<SecretVault>> SecretVault::fromKey(const QByteArray &key)
{
    using R = Result<std::unique_ptr<SecretVault>>;
    if (key.size() != KeySize)
        return R::failure(QStringLiteral("vault.key_corrupt"),
                          tr("The data key must be exactly %1 bytes.").arg(KeySize));
    return std::unique_ptr<SecretVault>(new SecretVault(key, QString()));
}

Result<std::unique_ptr<SecretVault>> SecretVault::open(const QString &keyFilePath)
{
    const QString path = QFileInfo(keyFilePath).absoluteFilePath();
    if (QFileInfo::exists(path))
        return load(path);
    return create(path);
}

Result<std::unique_ptr<SecretVault>> SecretVault::load(const QString &path)
{
    using R = Result<std::unique_ptr<SecretVault>>;
    const QFileInfo info(path);
    if (!info.isFile())
        return R::failure(QStringLiteral("vault.key_unreadable"),
                          tr("The key file %1 is not a regular file.").arg(path));
    const auto mode = fileMode(path);
    if (!mode || (*mode & (S_IRWXG | S_IRWXO)) != 0) {
        qCWarning(lcSecurity) << "refusing key file with mode"
                              << QString::number(mode.value_or(0) & 07777, 8) << path;
        return R::failure(QStringLiteral("vault.key_permissions"),
                          tr("The key file %1 can be read by other users. Restrict it to its owner "
                             "(chmod 600) and check that nobody copied it.")
                              .arg(path));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return R::failure(QStringLiteral("vault.key_unreadable"),
                          tr("The key file %1 cannot be read: %2").arg(path, file.errorString()));
    QByteArray key = file.read(KeySize + 1);
    if (key.size() != KeySize) {
        OPENSSL_cleanse(key.data(), size_t(key.size()));
        return R::failure(QStringLiteral("vault.key_corrupt"),
                          tr("The key file %1 is damaged (wrong size).").arg(path));
    }
    qCInfo(lcCrypto) << "secret vault opened with key file" << path;
    return std::unique_ptr<SecretVault>(new SecretVault(std::move(key), path));
}

Result<std::unique_ptr<SecretVault>> SecretVault::create(const QString &path)
{
    using R = Result<std::unique_ptr<SecretVault>>;
    const QString dirPath = QFileInfo(path).absolutePath();
    if (!QFileInfo::exists(dirPath)) {
        if (!QDir().mkpath(dirPath))
            return R::failure(QStringLiteral("vault.key_write_failed"),
                              tr("The folder %1 for the key file cannot be created.").arg(dirPath));
        QFile::setPermissions(dirPath, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    QByteArray key = crypto::randomBytes(KeySize);
    if (key.size() != KeySize)
        return R::failure(QStringLiteral("vault.key_write_failed"),
                          tr("No secure random data key could be made."));

    // The key is written in full to a private temporary file and then hard-linked to its name:
    // link() fails when the name exists, so of two processes starting together exactly one key
    // is published, and nobody can read a half-written key. The loser reads the winner's key.
    // (A rename, as QSaveFile does, would silently replace a key another process already uses.)
    const QByteArray target = QFile::encodeName(path);
    const QByteArray temp = target + ".tmp-" + QByteArray::number(qint64(::getpid())) + '-' +
                            crypto::randomBytes(6).toHex();
    const auto writeFailed = [&](const QString &reason) {
        ::unlink(temp.constData());
        OPENSSL_cleanse(key.data(), size_t(key.size()));
        return R::failure(QStringLiteral("vault.key_write_failed"),
                          tr("The key file %1 cannot be written: %2").arg(path, reason));
    };
    const int fd = ::open(temp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return writeFailed(QString::fromLocal8Bit(std::strerror(errno)));
    // open()'s mode is masked by the umask only towards fewer rights; make it exactly 0600.
    const bool written = ::fchmod(fd, 0600) == 0 &&
                         ::write(fd, key.constData(), size_t(KeySize)) == KeySize &&
                         ::fsync(fd) == 0;
    const int writeErrno = errno;
    ::close(fd);
    if (!written)
        return writeFailed(QString::fromLocal8Bit(std::strerror(writeErrno)));
    if (::link(temp.constData(), target.constData()) != 0) {
        const int linkErrno = errno;
        ::unlink(temp.constData());
        OPENSSL_cleanse(key.data(), size_t(key.size()));
        if (linkErrno == EEXIST) {
            qCInfo(lcCrypto) << "another process created the key file first; using its key";
            return load(path);
        }
        return R::failure(QStringLiteral("vault.key_write_failed"),
                          tr("The key file %1 cannot be written: %2")
                              .arg(path, QString::fromLocal8Bit(std::strerror(linkErrno))));
    }
    ::unlink(temp.constData());
    if (const int dir = ::open(QFile::encodeName(dirPath).constData(), O_RDONLY | O_CLOEXEC);
        dir >= 0) {
        ::fsync(dir); // the new name survives a power cut
        ::close(dir);
    }
    qCInfo(lcCrypto) << "secret vault created a new key file" << path;
    return std::unique_ptr<SecretVault>(new SecretVault(std::move(key), path));
}

QByteArray SecretVault::deriveKey(const QByteArray &purpose) const
{
    return crypto::hmacSha256(m_key, QByteArrayLiteral("paydesk.derived-key:") + purpose);
}

bool SecretVault::isBlob(const QByteArray &blob)
{
    return blob.startsWith(kPrefixV1);
}

Result<QByteArray> SecretVault::encrypt(const QByteArray &plaintext,
                                        const QByteArray &context) const
{
    const QByteArray nonce = crypto::randomBytes(kNonceSize);
    if (nonce.size() != kNonceSize)
        return Result<QByteArray>::failure(QStringLiteral("vault.encrypt_failed"),
                                           tr("No secure random nonce could be made."));
    auto sealed = crypto::aesGcmEncrypt(m_key, nonce, plaintext, context);
    if (!sealed)
        return Result<QByteArray>::failure(QStringLiteral("vault.encrypt_failed"),
                                           sealed.error().message);
    return kPrefixV1 + (nonce + sealed.value()).toBase64();
}

Result<QByteArray> SecretVault::decrypt(const QByteArray &blob, const QByteArray &context) const
{
    using R = Result<QByteArray>;
    if (!isBlob(blob))
        return R::failure(QStringLiteral("vault.bad_blob"),
                          tr("The stored secret is not in a known encrypted format."));
    const auto decoded = QByteArray::fromBase64Encoding(blob.mid(kPrefixV1.size()),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() < kNonceSize + kTagSize)
        return R::failure(QStringLiteral("vault.bad_blob"), tr("The stored secret is damaged."));
    const QByteArray &raw = decoded.decoded;
    auto opened = crypto::aesGcmDecrypt(m_key, raw.left(kNonceSize), raw.mid(kNonceSize), context);
    if (!opened) {
        qCWarning(lcSecurity) << "secret vault: blob for context" << context
                              << "failed authentication";
        return R::failure(QStringLiteral("vault.decrypt_failed"),
                          tr("The stored secret cannot be decrypted: it was altered, belongs to "
                             "another field, or the key file is not the one it was saved with."));
    }
    return std::move(opened).value();
}

Result<QString> SecretVault::encryptString(const QString &plaintext,
                                           const QByteArray &context) const
{
    QByteArray utf8 = plaintext.toUtf8();
    auto blob = encrypt(utf8, context);
    OPENSSL_cleanse(utf8.data(), size_t(utf8.size()));
    if (!blob)
        return blob.error();
    return QString::fromLatin1(blob.value());
}

Result<QString> SecretVault::decryptString(const QString &blob, const QByteArray &context) const
{
    auto plain = decrypt(blob.toLatin1(), context);
    if (!plain)
        return plain.error();
    QByteArray &bytes = plain.value();
    QString text = QString::fromUtf8(bytes);
    OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    return text;
}

} // namespace paydesk
