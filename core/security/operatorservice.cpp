#include "security/operatorservice.h"

#include "crypto/crypto.h"
#include "crypto/secretvault.h"
#include "security/auditlog.h"
#include "storage/database.h"
#include "storage/settingsstore.h"
#include "storage/transaction.h"
#include "util/clock.h"
#include "util/log.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QUrl>

namespace paydesk {

namespace {

constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;
constexpr int kTotpSecretBytes = 20;
// Recovery codes: 16 symbols of a 32-letter alphabet (80 bits), shown as XXXX-XXXX-XXXX-XXXX.
const QString kRecoveryAlphabet = QStringLiteral("ABCDEFGHJKLMNPQRSTUVWXYZ23456789");

QByteArray totpContext(qint64 operatorId)
{
    return "operator." + QByteArray::number(operatorId) + ".totp";
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
    const QByteArray data = "paydesk.recovery:" + QByteArray::number(operatorId) + ':'
                            + normalizedRecoveryCode(code).toLatin1();
    return QString::fromLatin1(crypto::sha256(data).toHex());
}

bool looksLikeTotp(const QString &code)
{
    static const QRegularExpression re(QStringLiteral("^\\d{6}$"));
    return re.match(code.trimmed().remove(QLatin1Char(' '))).hasMatch();
}

QDateTime parseTime(const QVariant &v)
{
    if (v.isNull() || v.toString().isEmpty())
        return {};
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

} // namespace

struct OperatorService::Row
{
    OperatorInfo info;
    QString passwordHash;
    QString totpSecret;
    QString totpPending;
    qint64 totpLastCounter = 0;
};

OperatorService::OperatorService(Database &db, Clock &clock, SecretVault &vault, AuditLog &audit)
    : m_db(db), m_clock(clock), m_vault(vault), m_audit(audit)
{
}

QString OperatorService::nowText() const
{
    return AuditLog::formatTime(m_clock.nowUtc());
}

PasswordPolicy OperatorService::passwordPolicy() const
{
    return PasswordPolicy(SettingsStore(m_db).value(QStringLiteral("store.name"), QString()));
}

int OperatorService::idleLockMinutes() const
{
    bool ok = false;
    const int v = SettingsStore(m_db).value(QStringLiteral("security.idle_lock_minutes"), QStringLiteral("5")).toInt(&ok);
    return ok && v >= 0 ? v : 5;
}

int OperatorService::stepUpSeconds() const
{
    bool ok = false;
    const int v = SettingsStore(m_db).value(QStringLiteral("security.step_up_seconds"), QStringLiteral("120")).toInt(&ok);
    return ok && v > 0 ? v : 120;
}

qint64 OperatorService::refundLimitMinor() const
{
    bool ok = false;
    const qint64 v = SettingsStore(m_db)
                         .value(QStringLiteral("security.refund_limit_minor"), QStringLiteral("50000"))
                         .toLongLong(&ok);
    return ok && v >= 0 ? v : 50000;
}

// ---- password hashing -------------------------------------------------------------------

Result<QString> OperatorService::hashPassword(const QString &password, const ScryptCost &cost)
{
    const QByteArray salt = crypto::randomBytes(kSaltBytes);
    if (salt.size() != kSaltBytes)
        return Result<QString>::failure(QStringLiteral("security.random"),
                                        tr("The system random generator failed."));
    auto hash = crypto::scrypt(password.toUtf8(), salt, cost.n, cost.r, cost.p, kHashBytes);
    if (!hash.ok())
        return hash.error();
    return QStringLiteral("scrypt$%1$%2$%3$%4$%5")
        .arg(cost.n)
        .arg(cost.r)
        .arg(cost.p)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(hash.value().toBase64()));
}

bool OperatorService::verifyPassword(const QString &password, const QString &encoded)
{
    const QStringList parts = encoded.split(QLatin1Char('$'));
    if (parts.size() != 6 || parts.at(0) != u"scrypt")
        return false;
    bool okN = false, okR = false, okP = false;
    const quint64 n = parts.at(1).toULongLong(&okN);
    const quint32 r = parts.at(2).toUInt(&okR);
    const quint32 p = parts.at(3).toUInt(&okP);
    // Refuse absurd factors from a tampered row rather than allocating gigabytes.
    if (!okN || !okR || !okP || n < 2 || (n & (n - 1)) != 0 || n > (quint64(1) << 20) || r == 0
        || r > 32 || p == 0 || p > 16)
        return false;
    const QByteArray salt = QByteArray::fromBase64(parts.at(4).toLatin1());
    const QByteArray expected = QByteArray::fromBase64(parts.at(5).toLatin1());
    if (salt.isEmpty() || expected.isEmpty())
        return false;
    auto hash = crypto::scrypt(password.toUtf8(), salt, n, r, p, int(expected.size()));
    return hash.ok() && crypto::constantTimeEquals(hash.value(), expected);
}

QString OperatorService::otpauthUri(const QString &operatorName, const QString &secretBase32)
{
    const QString label = QStringLiteral("Paydesk:") + operatorName;
    return QStringLiteral("otpauth://totp/%1?secret=%2&issuer=Paydesk")
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(label, ":")), secretBase32);
}

// ---- rows --------------------------------------------------------------------------------

static const char kSelect[] =
    "SELECT id, name, role, password_hash, totp_secret, totp_pending, totp_last_counter,"
    " failed_attempts, locked_until, disabled, must_change_password, created_at, last_login_at"
    " FROM operators ";

static void fillRow(QSqlQuery &q, OperatorInfo &info, QString &pwd, QString &secret,
                    QString &pending, qint64 &counter)
{
    info.id = q.value(0).toLongLong();
    info.name = q.value(1).toString();
    info.role = roleFromId(q.value(2).toString()).value_or(Role::Cashier);
    pwd = q.value(3).toString();
    secret = q.value(4).toString();
    pending = q.value(5).toString();
    counter = q.value(6).toLongLong();
    info.failedAttempts = q.value(7).toInt();
    info.lockedUntil = parseTime(q.value(8));
    info.disabled = q.value(9).toInt() != 0;
    info.mustChangePassword = q.value(10).toInt() != 0;
    info.createdAt = parseTime(q.value(11));
    info.lastLoginAt = parseTime(q.value(12));
    info.totpEnrolled = !secret.isEmpty();
}

std::optional<OperatorService::Row> OperatorService::loadRow(const QString &name) const
{
    auto q = m_db.exec(QString::fromLatin1(kSelect) + QStringLiteral("WHERE name = ? COLLATE NOCASE"),
                       {name.trimmed()});
    if (!q.ok() || !q.value().next())
        return std::nullopt;
    Row row;
    fillRow(q.value(), row.info, row.passwordHash, row.totpSecret, row.totpPending, row.totpLastCounter);
    return row;
}

std::optional<OperatorService::Row> OperatorService::loadRow(qint64 id) const
{
    auto q = m_db.exec(QString::fromLatin1(kSelect) + QStringLiteral("WHERE id = ?"), {id});
    if (!q.ok() || !q.value().next())
        return std::nullopt;
    Row row;
    fillRow(q.value(), row.info, row.passwordHash, row.totpSecret, row.totpPending, row.totpLastCounter);
    return row;
}

Result<QList<OperatorInfo>> OperatorService::list() const
{
    auto q = m_db.exec(QString::fromLatin1(kSelect) + QStringLiteral("ORDER BY name COLLATE NOCASE"));
    if (!q.ok())
        return q.error();
    QList<OperatorInfo> out;
    while (q.value().next()) {
        Row row;
        fillRow(q.value(), row.info, row.passwordHash, row.totpSecret, row.totpPending, row.totpLastCounter);
        out << row.info;
    }
    return out;
}

std::optional<OperatorInfo> OperatorService::find(const QString &name) const
{
    if (auto row = loadRow(name))
        return row->info;
    return std::nullopt;
}

std::optional<QDateTime> OperatorService::lockedUntil(const QString &name) const
{
    auto row = loadRow(name);
    if (!row || !row->info.lockedUntil.isValid() || row->info.lockedUntil <= m_clock.nowUtc())
        return std::nullopt;
    return row->info.lockedUntil;
}

bool OperatorService::needsBootstrap() const
{
    auto v = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM operators"));
    return v.ok() && v.value() && v.value()->toLongLong() == 0;
}

Result<int> OperatorService::enabledOwnerCount() const
{
    auto v = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM operators WHERE role = 'owner' AND disabled = 0"));
    if (!v.ok())
        return v.error();
    return v.value() ? v.value()->toInt() : 0;
}

Status OperatorService::checkNewPassword(const QString &password, const QString &operatorName) const
{
    const PasswordAssessment a = passwordPolicy().assess(password, operatorName);
    if (!a.acceptable)
        return Status::failure(QStringLiteral("security.weak_password"), a.problems.join(QLatin1Char(' ')));
    return {};
}

static Status checkName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[\\w][\\w .\\-@]{0,39}$"),
                                       QRegularExpression::UseUnicodePropertiesOption);
    if (!re.match(name).hasMatch())
        return Status::failure(QStringLiteral("security.bad_name"),
                               QCoreApplication::translate("paydesk::OperatorService",
                                                           "An operator name is 1 to 40 letters, digits, spaces, dots, dashes or @."));
    return {};
}

// ---- creation -----------------------------------------------------------------------------

Result<OperatorInfo> OperatorService::bootstrapOwner(const QString &rawName, const QString &password)
{
    const QString name = rawName.trimmed();
    if (auto s = checkName(name); !s.ok())
        return s.error();
    if (auto s = checkNewPassword(password, name); !s.ok())
        return s.error();
    auto hash = hashPassword(password, m_cost);
    if (!hash.ok())
        return hash.error();

    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    if (!needsBootstrap())
        return Result<OperatorInfo>::failure(QStringLiteral("security.already_bootstrapped"),
                                             tr("The store already has an owner."));
    const QString now = nowText();
    auto ins = m_db.exec(QStringLiteral("INSERT INTO operators(name, role, password_hash, created_at, updated_at)"
                                        " VALUES(?, 'owner', ?, ?, ?)"),
                         {name, hash.value(), now, now});
    if (!ins.ok())
        return ins.error();
    if (auto a = m_audit.append(QStringLiteral("operator.bootstrap_owner"), name,
                                {{QStringLiteral("name"), name}});
        !a.ok())
        return a.error();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    qCInfo(lcSecurity) << "first owner created";
    return loadRow(name)->info;
}

Status OperatorService::requireManage(const Session &by) const
{
    return by.authorize(Permission::ManageOperators);
}

Result<OperatorInfo> OperatorService::createOperator(const Session &by, const QString &rawName, Role role,
                                                     const QString &password)
{
    if (auto s = requireManage(by); !s.ok())
        return s.error();
    const QString name = rawName.trimmed();
    if (auto s = checkName(name); !s.ok())
        return s.error();
    if (loadRow(name))
        return Result<OperatorInfo>::failure(QStringLiteral("security.name_taken"),
                                             tr("There is already an operator called %1.").arg(name));
    if (auto s = checkNewPassword(password, name); !s.ok())
        return s.error();
    auto hash = hashPassword(password, m_cost);
    if (!hash.ok())
        return hash.error();

    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    const QString now = nowText();
    auto ins = m_db.exec(QStringLiteral("INSERT INTO operators(name, role, password_hash, created_at, updated_at)"
                                        " VALUES(?, ?, ?, ?, ?)"),
                         {name, roleId(role), hash.value(), now, now});
    if (!ins.ok())
        return ins.error();
    if (auto a = m_audit.append(QStringLiteral("operator.created"), by.operatorName(),
                                {{QStringLiteral("name"), name}, {QStringLiteral("role"), roleId(role)}});
        !a.ok())
        return a.error();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return loadRow(name)->info;
}

Status OperatorService::setDisabled(const Session &by, const QString &name, bool disabled)
{
    if (auto s = requireManage(by); !s.ok())
        return s;
    auto row = loadRow(name);
    if (!row)
        return Status::failure(QStringLiteral("security.unknown_operator"), tr("There is no operator called %1.").arg(name));
    if (disabled && row->info.id == by.operatorId())
        return Status::failure(QStringLiteral("security.self"), tr("You cannot disable yourself."));
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    if (disabled && row->info.role == Role::Owner && !row->info.disabled) {
        auto owners = enabledOwnerCount();
        if (!owners.ok())
            return owners.error();
        if (owners.value() <= 1)
            return Status::failure(QStringLiteral("security.last_owner"), tr("The store must keep at least one owner."));
    }
    auto u = m_db.exec(QStringLiteral("UPDATE operators SET disabled = ?, updated_at = ? WHERE id = ?"),
                       {disabled ? 1 : 0, nowText(), row->info.id});
    if (!u.ok())
        return u.error();
    if (auto a = m_audit.append(disabled ? QStringLiteral("operator.disabled") : QStringLiteral("operator.enabled"),
                                by.operatorName(), {{QStringLiteral("name"), row->info.name}});
        !a.ok())
        return a.error();
    return tx.commit();
}

Status OperatorService::setRole(const Session &by, const QString &name, Role role)
{
    if (auto s = requireManage(by); !s.ok())
        return s;
    auto row = loadRow(name);
    if (!row)
        return Status::failure(QStringLiteral("security.unknown_operator"), tr("There is no operator called %1.").arg(name));
    if (row->info.role == role)
        return {};
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    if (row->info.role == Role::Owner && !row->info.disabled) {
        auto owners = enabledOwnerCount();
        if (!owners.ok())
            return owners.error();
        if (owners.value() <= 1)
            return Status::failure(QStringLiteral("security.last_owner"), tr("The store must keep at least one owner."));
    }
    auto u = m_db.exec(QStringLiteral("UPDATE operators SET role = ?, updated_at = ? WHERE id = ?"),
                       {roleId(role), nowText(), row->info.id});
    if (!u.ok())
        return u.error();
    if (auto a = m_audit.append(QStringLiteral("operator.role_changed"), by.operatorName(),
                                {{QStringLiteral("name"), row->info.name},
                                 {QStringLiteral("from"), roleId(row->info.role)},
                                 {QStringLiteral("to"), roleId(role)}});
        !a.ok())
        return a.error();
    return tx.commit();
}

Status OperatorService::changePassword(const Session &self, const QString &oldPassword, const QString &newPassword)
{
    if (!self.isValid())
        return Status::failure(QStringLiteral("security.no_session"), tr("Nobody is logged in."));
    auto row = loadRow(self.operatorId());
    if (!row)
        return Status::failure(QStringLiteral("security.unknown_operator"), tr("The operator no longer exists."));
    if (!verifyPassword(oldPassword, row->passwordHash)) {
        (void)m_audit.append(QStringLiteral("operator.password_change_failed"), row->info.name,
                             {{QStringLiteral("reason"), QStringLiteral("wrong_old_password")}});
        return Status::failure(QStringLiteral("security.bad_credentials"), tr("The current password is wrong."));
    }
    if (oldPassword == newPassword)
        return Status::failure(QStringLiteral("security.same_password"), tr("Choose a password different from the current one."));
    if (auto s = checkNewPassword(newPassword, row->info.name); !s.ok())
        return s;
    auto hash = hashPassword(newPassword, m_cost);
    if (!hash.ok())
        return hash.error();
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto u = m_db.exec(QStringLiteral("UPDATE operators SET password_hash = ?, must_change_password = 0,"
                                      " updated_at = ? WHERE id = ?"),
                       {hash.value(), nowText(), row->info.id});
    if (!u.ok())
        return u.error();
    if (auto a = m_audit.append(QStringLiteral("operator.password_changed"), row->info.name, {}); !a.ok())
        return a.error();
    return tx.commit();
}

Status OperatorService::resetPassword(const Session &by, const QString &name, const QString &newPassword)
{
    if (auto s = requireManage(by); !s.ok())
        return s;
    auto row = loadRow(name);
    if (!row)
        return Status::failure(QStringLiteral("security.unknown_operator"), tr("There is no operator called %1.").arg(name));
    if (auto s = checkNewPassword(newPassword, row->info.name); !s.ok())
        return s;
    auto hash = hashPassword(newPassword, m_cost);
    if (!hash.ok())
        return hash.error();
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto u = m_db.exec(QStringLiteral("UPDATE operators SET password_hash = ?, must_change_password = ?,"
                                      " failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?"),
                       {hash.value(), row->info.id == by.operatorId() ? 0 : 1, nowText(), row->info.id});
    if (!u.ok())
        return u.error();
    if (auto a = m_audit.append(QStringLiteral("operator.password_reset"), by.operatorName(),
                                {{QStringLiteral("name"), row->info.name}});
        !a.ok())
        return a.error();
    return tx.commit();
}

// ---- authentication -------------------------------------------------------------------------

Status OperatorService::recordFailure(const Row &row, const QString &reason, bool *lockedNow)
{
    *lockedNow = false;
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    const int failures = row.info.failedAttempts + 1;
    if (auto a = m_audit.append(QStringLiteral("operator.login_failed"), row.info.name,
                                {{QStringLiteral("reason"), reason}, {QStringLiteral("attempt"), failures}});
        !a.ok())
        return a.error();
    if (failures >= MaxFailures) {
        const QDateTime until = m_clock.nowUtc().addSecs(qint64(LockoutMinutes) * 60);
        auto u = m_db.exec(QStringLiteral("UPDATE operators SET failed_attempts = 0, locked_until = ? WHERE id = ?"),
                           {AuditLog::formatTime(until), row.info.id});
        if (!u.ok())
            return u.error();
        if (auto a = m_audit.append(QStringLiteral("operator.locked_out"), row.info.name,
                                    {{QStringLiteral("until"), AuditLog::formatTime(until)},
                                     {QStringLiteral("failures"), failures}});
            !a.ok())
            return a.error();
        *lockedNow = true;
        qCWarning(lcSecurity) << "operator locked out after" << failures << "failures";
    } else {
        auto u = m_db.exec(QStringLiteral("UPDATE operators SET failed_attempts = ? WHERE id = ?"),
                           {failures, row.info.id});
        if (!u.ok())
            return u.error();
    }
    return tx.commit();
}

static Error lockedError(const QDateTime &now, const QDateTime &until)
{
    const int minutes = int(std::max<qint64>(1, (now.secsTo(until) + 59) / 60));
    return Error{QStringLiteral("security.locked"),
                 QCoreApplication::translate("paydesk::OperatorService",
                                             "Too many failed attempts. Try again in %n minute(s).", nullptr, minutes)};
}

Session OperatorService::makeSession(const Row &row, bool steppedUp)
{
    Session s;
    s.m_service = this;
    s.m_clock = &m_clock;
    s.m_operatorId = row.info.id;
    s.m_operatorName = row.info.name;
    s.m_role = row.info.role;
    s.m_totpEnrolled = !row.totpSecret.isEmpty();
    s.m_loginAt = m_clock.nowUtc();
    s.m_lastActivity = s.m_loginAt;
    if (steppedUp)
        s.m_stepUpAt = s.m_loginAt;
    return s;
}

Result<Session> OperatorService::authenticate(const QString &rawName, const QString &password,
                                              const QString &totpCode)
{
    const QString name = rawName.trimmed();
    const Error badCredentials{QStringLiteral("security.bad_credentials"),
                               tr("Wrong operator name or password.")};
    auto row = loadRow(name);
    if (!row) {
        // Spend the same time as a real check so timing does not reveal which names exist.
        if (m_dummyHash.isEmpty()) {
            auto dummy = hashPassword(QStringLiteral("paydesk-dummy-password"), m_cost);
            if (dummy.ok())
                m_dummyHash = dummy.value();
        }
        (void)verifyPassword(password, m_dummyHash);
        (void)m_audit.append(QStringLiteral("operator.login_failed"), name,
                             {{QStringLiteral("reason"), QStringLiteral("unknown_operator")}});
        return badCredentials;
    }
    const QDateTime now = m_clock.nowUtc();
    if (row->info.lockedUntil.isValid() && row->info.lockedUntil > now) {
        (void)m_audit.append(QStringLiteral("operator.login_refused"), row->info.name,
                             {{QStringLiteral("reason"), QStringLiteral("locked")}});
        return lockedError(now, row->info.lockedUntil);
    }
    if (!verifyPassword(password, row->passwordHash)) {
        bool lockedNow = false;
        if (auto s = recordFailure(*row, QStringLiteral("wrong_password"), &lockedNow); !s.ok())
            return s.error();
        if (lockedNow)
            return lockedError(now, now.addSecs(qint64(LockoutMinutes) * 60));
        return badCredentials;
    }
    if (row->info.disabled) {
        (void)m_audit.append(QStringLiteral("operator.login_refused"), row->info.name,
                             {{QStringLiteral("reason"), QStringLiteral("disabled")}});
        return Result<Session>::failure(QStringLiteral("security.disabled"),
                                        tr("This operator is disabled. Ask the owner."));
    }
    bool steppedUp = false;
    if (!row->totpSecret.isEmpty()) {
        if (totpCode.trimmed().isEmpty())
            return Result<Session>::failure(QStringLiteral("security.totp_required"),
                                            tr("Enter the code from your authenticator app."));
        auto s = verifySecondFactor(row->info.id, totpCode, QStringLiteral("login_second_factor"));
        if (!s.ok()) {
            bool lockedNow = false;
            if (auto f = recordFailure(*row, QStringLiteral("wrong_second_factor"), &lockedNow); !f.ok())
                return f.error();
            if (lockedNow)
                return lockedError(now, now.addSecs(qint64(LockoutMinutes) * 60));
            return s.error();
        }
        steppedUp = true;
    }
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto u = m_db.exec(QStringLiteral("UPDATE operators SET failed_attempts = 0, locked_until = NULL,"
                                      " last_login_at = ? WHERE id = ?"),
                       {AuditLog::formatTime(now), row->info.id});
    if (!u.ok())
        return u.error();
    if (auto a = m_audit.append(QStringLiteral("operator.login"), row->info.name,
                                {{QStringLiteral("role"), roleId(row->info.role)},
                                 {QStringLiteral("second_factor"), steppedUp}});
        !a.ok())
        return a.error();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    row->info.failedAttempts = 0;
    return makeSession(*row, steppedUp);
}

Status OperatorService::verifySecondFactor(qint64 operatorId, const QString &rawCode, const QString &purpose)
{
    auto row = loadRow(operatorId);
    if (!row || row->totpSecret.isEmpty())
        return Status::failure(QStringLiteral("security.totp_not_enrolled"),
                               tr("Two-factor authentication is not set up for this operator."));
    const QString code = rawCode.trimmed().remove(QLatin1Char(' '));
    const QString action = QStringLiteral("operator.") + purpose;
    if (looksLikeTotp(code)) {
        auto secret = m_vault.decrypt(row->totpSecret.toLatin1(), totpContext(operatorId));
        if (!secret.ok())
            return secret.error();
        const auto counter = crypto::totpMatchCounter(secret.value(), code, m_clock.nowUtc().toSecsSinceEpoch());
        if (counter && *counter > row->totpLastCounter) {
            auto u = m_db.exec(QStringLiteral("UPDATE operators SET totp_last_counter = ? WHERE id = ?"),
                               {*counter, operatorId});
            if (!u.ok())
                return u.error();
            if (auto a = m_audit.append(action, row->info.name, {{QStringLiteral("method"), QStringLiteral("totp")}});
                !a.ok())
                return a.error();
            return {};
        }
        (void)m_audit.append(action + QStringLiteral("_failed"), row->info.name,
                             {{QStringLiteral("reason"), counter ? QStringLiteral("replayed_code")
                                                                 : QStringLiteral("wrong_code")}});
        return Status::failure(QStringLiteral("security.bad_totp"),
                               counter ? tr("This code was already used. Wait for the next one.")
                                       : tr("The code is wrong or has expired."));
    }
    if (useRecoveryCode(operatorId, code)) {
        if (auto a = m_audit.append(action, row->info.name,
                                    {{QStringLiteral("method"), QStringLiteral("recovery_code")},
                                     {QStringLiteral("recovery_codes_left"), remainingRecoveryCodes(operatorId)}});
            !a.ok())
            return a.error();
        return {};
    }
    (void)m_audit.append(action + QStringLiteral("_failed"), row->info.name,
                         {{QStringLiteral("reason"), QStringLiteral("wrong_recovery_code")}});
    return Status::failure(QStringLiteral("security.bad_totp"), tr("The code is wrong or has expired."));
}

// ---- TOTP enrollment and recovery codes ---------------------------------------------------

Result<TotpEnrollment> OperatorService::beginTotpEnrollment(const Session &self)
{
    if (!self.isValid())
        return Result<TotpEnrollment>::failure(QStringLiteral("security.no_session"), tr("Nobody is logged in."));
    const QByteArray secret = crypto::randomBytes(kTotpSecretBytes);
    if (secret.size() != kTotpSecretBytes)
        return Result<TotpEnrollment>::failure(QStringLiteral("security.random"),
                                               tr("The system random generator failed."));
    auto blob = m_vault.encrypt(secret, totpContext(self.operatorId()));
    if (!blob.ok())
        return blob.error();
    auto u = m_db.exec(QStringLiteral("UPDATE operators SET totp_pending = ?, updated_at = ? WHERE id = ?"),
                       {QString::fromLatin1(blob.value()), nowText(), self.operatorId()});
    if (!u.ok())
        return u.error();
    TotpEnrollment e;
    e.secretBase32 = crypto::base32Encode(secret);
    e.otpauthUri = otpauthUri(self.operatorName(), e.secretBase32);
    return e;
}

Result<QStringList> OperatorService::confirmTotpEnrollment(Session &self, const QString &code)
{
    if (!self.isValid())
        return Result<QStringList>::failure(QStringLiteral("security.no_session"), tr("Nobody is logged in."));
    auto row = loadRow(self.operatorId());
    if (!row || row->totpPending.isEmpty())
        return Result<QStringList>::failure(QStringLiteral("security.no_enrollment"),
                                            tr("Start the two-factor setup again."));
    auto secret = m_vault.decrypt(row->totpPending.toLatin1(), totpContext(self.operatorId()));
    if (!secret.ok())
        return secret.error();
    const auto counter = crypto::totpMatchCounter(secret.value(), code.trimmed().remove(QLatin1Char(' ')),
                                                  m_clock.nowUtc().toSecsSinceEpoch());
    if (!counter) {
        (void)m_audit.append(QStringLiteral("operator.totp_enroll_failed"), row->info.name, {});
        return Result<QStringList>::failure(QStringLiteral("security.bad_totp"),
                                            tr("The code does not match. Check the phone's time and try again."));
    }
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto u = m_db.exec(QStringLiteral("UPDATE operators SET totp_secret = totp_pending, totp_pending = NULL,"
                                      " totp_last_counter = ?, updated_at = ? WHERE id = ?"),
                       {*counter, nowText(), self.operatorId()});
    if (!u.ok())
        return u.error();
    auto codes = storeRecoveryCodes(self.operatorId());
    if (!codes.ok())
        return codes.error();
    if (auto a = m_audit.append(QStringLiteral("operator.totp_enrolled"), row->info.name, {}); !a.ok())
        return a.error();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    self.m_totpEnrolled = true;
    self.m_stepUpAt = m_clock.nowUtc();
    return codes;
}

Result<QStringList> OperatorService::storeRecoveryCodes(qint64 operatorId)
{
    auto del = m_db.exec(QStringLiteral("DELETE FROM recovery_codes WHERE operator_id = ?"), {operatorId});
    if (!del.ok())
        return del.error();
    QStringList codes;
    for (int i = 0; i < RecoveryCodeCount; ++i) {
        const QByteArray random = crypto::randomBytes(16);
        if (random.size() != 16)
            return Result<QStringList>::failure(QStringLiteral("security.random"),
                                                tr("The system random generator failed."));
        QString code;
        for (int j = 0; j < 16; ++j) {
            if (j > 0 && j % 4 == 0)
                code += QLatin1Char('-');
            code += kRecoveryAlphabet.at(quint8(random.at(j)) % kRecoveryAlphabet.size());
        }
        auto ins = m_db.exec(QStringLiteral("INSERT INTO recovery_codes(operator_id, code_hash) VALUES(?, ?)"),
                             {operatorId, recoveryHash(operatorId, code)});
        if (!ins.ok())
            return ins.error();
        codes << code;
    }
    return codes;
}

bool OperatorService::useRecoveryCode(qint64 operatorId, const QString &code)
{
    if (normalizedRecoveryCode(code).size() != 16)
        return false;
    auto u = m_db.exec(QStringLiteral("UPDATE recovery_codes SET used_at = ? WHERE operator_id = ?"
                                      " AND code_hash = ? AND used_at IS NULL"),
                       {nowText(), operatorId, recoveryHash(operatorId, code)});
    return u.ok() && u.value().numRowsAffected() == 1;
}

int OperatorService::remainingRecoveryCodes(qint64 operatorId) const
{
    auto v = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM recovery_codes WHERE operator_id = ? AND used_at IS NULL"),
                         {operatorId});
    return v.ok() && v.value() ? v.value()->toInt() : 0;
}

Result<QStringList> OperatorService::regenerateRecoveryCodes(const Session &self)
{
    if (!self.isValid())
        return Result<QStringList>::failure(QStringLiteral("security.no_session"), tr("Nobody is logged in."));
    if (!self.totpEnrolled())
        return Result<QStringList>::failure(QStringLiteral("security.totp_not_enrolled"),
                                            tr("Two-factor authentication is not set up for this operator."));
    if (!self.hasFreshStepUp())
        return Result<QStringList>::failure(QStringLiteral("security.step_up_required"),
                                            tr("Enter a code from your authenticator app to confirm."));
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto codes = storeRecoveryCodes(self.operatorId());
    if (!codes.ok())
        return codes.error();
    if (auto a = m_audit.append(QStringLiteral("operator.recovery_codes_regenerated"), self.operatorName(), {}); !a.ok())
        return a.error();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return codes;
}

Status OperatorService::resetTotp(const Session &by, const QString &name)
{
    if (auto s = requireManage(by); !s.ok())
        return s;
    auto row = loadRow(name);
    if (!row)
        return Status::failure(QStringLiteral("security.unknown_operator"), tr("There is no operator called %1.").arg(name));
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto u = m_db.exec(QStringLiteral("UPDATE operators SET totp_secret = NULL, totp_pending = NULL,"
                                      " updated_at = ? WHERE id = ?"),
                       {nowText(), row->info.id});
    if (!u.ok())
        return u.error();
    auto d = m_db.exec(QStringLiteral("DELETE FROM recovery_codes WHERE operator_id = ?"), {row->info.id});
    if (!d.ok())
        return d.error();
    if (auto a = m_audit.append(QStringLiteral("operator.totp_reset"), by.operatorName(),
                                {{QStringLiteral("name"), row->info.name}});
        !a.ok())
        return a.error();
    return tx.commit();
}

} // namespace paydesk
