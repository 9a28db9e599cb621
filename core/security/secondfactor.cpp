#include "core/security/secondfactor.h"

#include "core/crypto/crypto.h"
#include "core/crypto/secretvault.h"
#include "core/security/auditlog.h"
#include "core/storage/database.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QUrl>

// The user-visible messages below were written for OperatorService and are translated under
// its tr() context ("OperatorService"), so they keep that context here.

namespace paydesk {

namespace {

constexpr int kTotpSecretBytes = 20;
constexpr int kRecoveryRandomBytes = 16;
// Recovery codes: 16 symbols of a 32-letter alphabet (80 bits), shown as XXXX-XXXX-XXXX-XXXX.
constexpr int kRecoveryCodeSymbols = 16;
const QString kRecoveryAlphabet = QStringLiteral("ABCDEFGHJKLMNPQRSTUVWXYZ23456789");

QByteArray totpContext(qint64 operatorId)
{
    return "operator." + QByteArray::number(operatorId) + ".totp";
}

/// What the operator typed, without surrounding white space or inner spaces ("123 456").
QString compactCode(const QString &code)
{
    return code.trimmed().remove(QLatin1Char(' '));
}

QString normalizedRecoveryCode(const QString &code)
{
    QString out;
    for (QChar c : code) {
        if (c.isLetterOrNumber())
            out += c.toUpper();
    }
    return out;
}

QString recoveryHash(qint64 operatorId, const QString &code)
{
    const QByteArray data = "paydesk.recovery:" + QByteArray::number(operatorId) + ':' +
                            normalizedRecoveryCode(code).toLatin1();
    return QString::fromLatin1(crypto::sha256(data).toHex());
}

bool looksLikeTotp(const QString &compactedCode)
{
    static const QRegularExpression re(QStringLiteral("^\\d{6}$"));
    return re.match(compactedCode).hasMatch();
}

Error randomFailed()
{
    return Error{
        QStringLiteral("security.random"),
        QCoreApplication::translate("OperatorService", "The system random generator failed.")};
}

} // namespace

struct SecondFactor::State
{
    QString operatorName;
    QString secret;  ///< vault blob of the active secret; empty when not enrolled
    QString pending; ///< vault blob of a secret awaiting its first code
    qint64 lastCounter = 0;
};

SecondFactor::SecondFactor(Database &db, Clock &clock, SecretVault &vault, AuditLog &audit)
    : m_db(db), m_clock(clock), m_vault(vault), m_audit(audit)
{
}

QString SecondFactor::nowText() const
{
    return AuditLog::formatTime(m_clock.nowUtc());
}

QString SecondFactor::otpauthUri(const QString &operatorName, const QString &secretBase32)
{
    const QString label = QStringLiteral("Paydesk:") + operatorName;
    return QStringLiteral("otpauth://totp/%1?secret=%2&issuer=Paydesk")
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(label, ":")), secretBase32);
}

std::optional<SecondFactor::State> SecondFactor::loadState(qint64 operatorId) const
{
    auto q = m_db.exec(QStringLiteral("SELECT name, totp_secret, totp_pending, totp_last_counter"
                                      " FROM operators WHERE id = ?"),
                       {operatorId});
    if (!q.ok() || !q.value().next())
        return std::nullopt;
    State s;
    s.operatorName = q.value().value(0).toString();
    s.secret = q.value().value(1).toString();
    s.pending = q.value().value(2).toString();
    s.lastCounter = q.value().value(3).toLongLong();
    return s;
}

// ---- enrollment ---------------------------------------------------------------------------

Result<TotpEnrollment> SecondFactor::beginEnrollment(qint64 operatorId, const QString &operatorName)
{
    const QByteArray secret = crypto::randomBytes(kTotpSecretBytes);
    if (secret.size() != kTotpSecretBytes)
        return randomFailed();
    auto blob = m_vault.encrypt(secret, totpContext(operatorId));
    if (!blob.ok())
        return blob.error();
    auto u = m_db.exec(
        QStringLiteral("UPDATE operators SET totp_pending = ?, updated_at = ? WHERE id = ?"),
        {QString::fromLatin1(blob.value()), nowText(), operatorId});
    if (!u.ok())
        return u.error();
    TotpEnrollment e;
    e.secretBase32 = crypto::base32Encode(secret);
    e.otpauthUri = otpauthUri(operatorName, e.secretBase32);
    return e;
}

Result<QStringList> SecondFactor::confirmEnrollment(qint64 operatorId, const QString &code)
{
    auto state = loadState(operatorId);
    if (!state || state->pending.isEmpty())
        return Result<QStringList>::failure(
            QStringLiteral("security.no_enrollment"),
            QCoreApplication::translate("OperatorService", "Start the two-factor setup again."));
    auto secret = m_vault.decrypt(state->pending.toLatin1(), totpContext(operatorId));
    if (!secret.ok())
        return secret.error();
    const auto counter = crypto::totpMatchCounter(secret.value(), compactCode(code),
                                                  m_clock.nowUtc().toSecsSinceEpoch());
    if (!counter) {
        (void)m_audit.append(QStringLiteral("operator.totp_enroll_failed"), state->operatorName,
                             {});
        return Result<QStringList>::failure(
            QStringLiteral("security.bad_totp"),
            QCoreApplication::translate(
                "OperatorService",
                "The code does not match. Check the phone's time and try again."));
    }
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto u = m_db.exec(
        QStringLiteral("UPDATE operators SET totp_secret = totp_pending, totp_pending = NULL,"
                       " totp_last_counter = ?, updated_at = ? WHERE id = ?"),
        {*counter, nowText(), operatorId});
    if (!u.ok())
        return u.error();
    auto codes = storeRecoveryCodes(operatorId);
    if (!codes.ok())
        return codes.error();
    if (auto a = m_audit.append(QStringLiteral("operator.totp_enrolled"), state->operatorName, {});
        !a.ok())
        return a.error();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return codes;
}

Status SecondFactor::reset(qint64 operatorId, const QString &operatorName, const QString &actorName)
{
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto u =
        m_db.exec(QStringLiteral("UPDATE operators SET totp_secret = NULL, totp_pending = NULL,"
                                 " updated_at = ? WHERE id = ?"),
                  {nowText(), operatorId});
    if (!u.ok())
        return u.error();
    if (auto d = deleteRecoveryCodes(operatorId); !d.ok())
        return d;
    if (auto a = m_audit.append(QStringLiteral("operator.totp_reset"), actorName,
                                {{QStringLiteral("name"), operatorName}});
        !a.ok())
        return a.error();
    return tx.commit();
}

// ---- verification -------------------------------------------------------------------------

Status SecondFactor::refuse(const QString &action, const QString &operatorName,
                            const QString &reason, const QString &message)
{
    (void)m_audit.append(action + QStringLiteral("_failed"), operatorName,
                         {{QStringLiteral("reason"), reason}});
    return Status::failure(QStringLiteral("security.bad_totp"), message);
}

Status SecondFactor::verify(qint64 operatorId, const QString &rawCode, const QString &purpose)
{
    auto state = loadState(operatorId);
    if (!state || state->secret.isEmpty())
        return Status::failure(
            QStringLiteral("security.totp_not_enrolled"),
            QCoreApplication::translate(
                "OperatorService", "Two-factor authentication is not set up for this operator."));
    const QString code = compactCode(rawCode);
    const QString action = QStringLiteral("operator.") + purpose;
    if (looksLikeTotp(code)) {
        auto secret = m_vault.decrypt(state->secret.toLatin1(), totpContext(operatorId));
        if (!secret.ok())
            return secret.error();
        const auto counter =
            crypto::totpMatchCounter(secret.value(), code, m_clock.nowUtc().toSecsSinceEpoch());
        // A code is good once: a time step at or before the last accepted one is a replay.
        if (counter && *counter > state->lastCounter) {
            auto u =
                m_db.exec(QStringLiteral("UPDATE operators SET totp_last_counter = ? WHERE id = ?"),
                          {*counter, operatorId});
            if (!u.ok())
                return u.error();
            if (auto a = m_audit.append(action, state->operatorName,
                                        {{QStringLiteral("method"), QStringLiteral("totp")}});
                !a.ok())
                return a.error();
            return {};
        }
        if (counter)
            return refuse(
                action, state->operatorName, QStringLiteral("replayed_code"),
                QCoreApplication::translate("OperatorService",
                                            "This code was already used. Wait for the next one."));
        return refuse(
            action, state->operatorName, QStringLiteral("wrong_code"),
            QCoreApplication::translate("OperatorService", "The code is wrong or has expired."));
    }
    if (useRecoveryCode(operatorId, code)) {
        if (auto a = m_audit.append(
                action, state->operatorName,
                {{QStringLiteral("method"), QStringLiteral("recovery_code")},
                 {QStringLiteral("recovery_codes_left"), remainingRecoveryCodes(operatorId)}});
            !a.ok())
            return a.error();
        return {};
    }
    return refuse(
        action, state->operatorName, QStringLiteral("wrong_recovery_code"),
        QCoreApplication::translate("OperatorService", "The code is wrong or has expired."));
}

// ---- recovery codes -----------------------------------------------------------------------

Status SecondFactor::deleteRecoveryCodes(qint64 operatorId)
{
    auto d =
        m_db.exec(QStringLiteral("DELETE FROM recovery_codes WHERE operator_id = ?"), {operatorId});
    if (!d.ok())
        return d.error();
    return {};
}

Result<QStringList> SecondFactor::storeRecoveryCodes(qint64 operatorId)
{
    if (auto d = deleteRecoveryCodes(operatorId); !d.ok())
        return d.error();
    QStringList codes;
    for (int i = 0; i < RecoveryCodeCount; ++i) {
        const QByteArray random = crypto::randomBytes(kRecoveryRandomBytes);
        if (random.size() != kRecoveryRandomBytes)
            return randomFailed();
        QString code;
        for (int j = 0; j < kRecoveryCodeSymbols; ++j) {
            if (j > 0 && j % 4 == 0)
                code += QLatin1Char('-');
            code += kRecoveryAlphabet.at(quint8(random.at(j)) % kRecoveryAlphabet.size());
        }
        auto ins = m_db.exec(
            QStringLiteral("INSERT INTO recovery_codes(operator_id, code_hash) VALUES(?, ?)"),
            {operatorId, recoveryHash(operatorId, code)});
        if (!ins.ok())
            return ins.error();
        codes << code;
    }
    return codes;
}

bool SecondFactor::useRecoveryCode(qint64 operatorId, const QString &code)
{
    if (normalizedRecoveryCode(code).size() != kRecoveryCodeSymbols)
        return false;
    auto u = m_db.exec(QStringLiteral("UPDATE recovery_codes SET used_at = ? WHERE operator_id = ?"
                                      " AND code_hash = ? AND used_at IS NULL"),
                       {nowText(), operatorId, recoveryHash(operatorId, code)});
    return u.ok() && u.value().numRowsAffected() == 1;
}

int SecondFactor::remainingRecoveryCodes(qint64 operatorId) const
{
    auto v = m_db.scalar(
        QStringLiteral(
            "SELECT COUNT(*) FROM recovery_codes WHERE operator_id = ? AND used_at IS NULL"),
        {operatorId});
    return v.ok() && v.value() ? v.value()->toInt() : 0;
}

Result<QStringList> SecondFactor::regenerateRecoveryCodes(qint64 operatorId,
                                                          const QString &operatorName)
{
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto codes = storeRecoveryCodes(operatorId);
    if (!codes.ok())
        return codes.error();
    if (auto a =
            m_audit.append(QStringLiteral("operator.recovery_codes_regenerated"), operatorName, {});
        !a.ok())
        return a.error();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return codes;
}

} // namespace paydesk
