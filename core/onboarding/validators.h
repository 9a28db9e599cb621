#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QString>

namespace paydesk::onboarding {

/// The verdict of one field check: Ok, a Warning the merchant may override (some real codes
/// fail their check digit; the provider's review decides), or Blocked (cannot be sent).
struct FieldCheck
{
    enum class Level { Ok, Warning, Blocked };
    Level level = Level::Ok;
    QString message; ///< translated; empty when Ok

    bool ok() const { return level == Level::Ok; }
    bool blocked() const { return level == Level::Blocked; }
    static FieldCheck pass() { return {}; }
    static FieldCheck warn(QString m) { return {Level::Warning, std::move(m)}; }
    static FieldCheck block(QString m) { return {Level::Blocked, std::move(m)}; }
};

/// Bank account types as the providers know them (docs/ONBOARDING.md).
enum class AccountType { Corporate, Personal };

/// Check digits and plausibility rules of the signup wizard (PROTOCOLS.md "Check digits for
/// the onboarding wizard"). Pure functions: no I/O, today's date passed in.
class Validators
{
    Q_DECLARE_TR_FUNCTIONS(Validators)
public:
    /// GB 32100-2015 check character of an 18-character Unified Social Credit Code; nullopt-like
    /// QChar() when \a first17 has a character outside the code's alphabet.
    static QChar usccCheckChar(QStringView first17);
    /// Malformed (length, alphabet) → Blocked; a wrong check character → Warning.
    static FieldCheck unifiedSocialCreditCode(const QString &code);

    /// GB 11643-1999 check character of the first 17 digits; QChar() when not digits.
    static QChar residentIdCheckChar(QStringView first17);
    /// 18 chars, digits + check (X upper or lower), a real birth date not after \a today and
    /// not before 1800 (the standard's own example is born 1880). Any failure blocks (the provider
    /// rejects it for certain).
    static FieldCheck residentIdNumber(const QString &number, const QDate &today);
    /// The birth date in an ID number that passed residentIdNumber().
    static QDate birthDateOf(const QString &number);

    /// ID validity: begin must be a date not after \a today; \a longTerm (长期) or an end after
    /// \a today. Expired → Blocked; ending within 60 days → Warning (providers refuse
    /// documents about to expire, ONBOARDING-PROTOCOLS §4).
    static FieldCheck idValidity(const QDate &begin, const QDate &end, bool longTerm,
                                 const QDate &today);

    /// Luhn over the digits. Non-digits or a length outside 8–30 → Blocked; a failing Luhn →
    /// Warning (some domestic cards do not follow it).
    static bool luhnValid(QStringView digits);
    static FieldCheck bankAccountNumber(const QString &number);

    /// The account holder must be the business (corporate account) or the legal
    /// representative (personal account; only for individual businesses), compared after
    /// trimming and ignoring full-width/half-width brackets.
    static FieldCheck holderName(AccountType type, const QString &holder,
                                 const QString &businessName, const QString &legalRepName);

    /// Compares two names the way the providers' reviews do: spaces dropped, （） and () alike.
    static QString normaliseName(const QString &name);
};

} // namespace paydesk::onboarding
