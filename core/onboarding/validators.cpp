#include "core/onboarding/validators.h"

namespace paydesk::onboarding {

namespace {
// GB 32100-2015: 31 characters, no I, O, S, V, Z.
constexpr QStringView kUsccAlphabet = u"0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kUsccWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
constexpr int kIdWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr QStringView kIdChecks = u"10X98765432";
constexpr int kExpiryWarningDays = 60;
} // namespace

QChar Validators::usccCheckChar(QStringView first17)
{
    if (first17.size() != 17)
        return {};
    int sum = 0;
    for (int i = 0; i < 17; ++i) {
        const qsizetype value = kUsccAlphabet.indexOf(first17.at(i));
        if (value < 0)
            return {};
        sum += int(value) * kUsccWeights[i];
    }
    const int check = (31 - sum % 31) % 31;
    return kUsccAlphabet.at(check);
}

FieldCheck Validators::unifiedSocialCreditCode(const QString &code)
{
    const QString c = code.trimmed().toUpper();
    if (c.size() != 18)
        return FieldCheck::block(tr("A Unified Social Credit Code has 18 characters (this one "
                                    "has %1).")
                                     .arg(c.size()));
    for (const QChar ch : c)
        if (!kUsccAlphabet.contains(ch))
            return FieldCheck::block(
                tr("A Unified Social Credit Code has only digits and the capital letters "
                   "A–Y without I, O, S, V and Z; \"%1\" is not one of them.")
                    .arg(ch));
    if (usccCheckChar(QStringView(c).left(17)) != c.at(17))
        return FieldCheck::warn(tr("The last character of this code does not match the "
                                   "others: check it against the business licence. You may "
                                   "go on; the provider's review decides."));
    return FieldCheck::pass();
}

QChar Validators::residentIdCheckChar(QStringView first17)
{
    if (first17.size() != 17)
        return {};
    int sum = 0;
    for (int i = 0; i < 17; ++i) {
        if (!first17.at(i).isDigit())
            return {};
        sum += first17.at(i).digitValue() * kIdWeights[i];
    }
    return kIdChecks.at(sum % 11);
}

QDate Validators::birthDateOf(const QString &number)
{
    return QDate::fromString(number.mid(6, 8), QStringLiteral("yyyyMMdd"));
}

FieldCheck Validators::residentIdNumber(const QString &number, const QDate &today)
{
    const QString n = number.trimmed().toUpper();
    if (n.size() != 18)
        return FieldCheck::block(
            tr("A resident ID number has 18 characters (this one has %1).").arg(n.size()));
    for (int i = 0; i < 17; ++i)
        if (!n.at(i).isDigit())
            return FieldCheck::block(tr("The first 17 characters of an ID number are digits."));
    const QDate birth = birthDateOf(n);
    if (!birth.isValid() || birth.year() < 1800 || birth > today)
        return FieldCheck::block(
            tr("Characters 7–14 of an ID number are the birth date; \"%1\" is not a real one.")
                .arg(n.mid(6, 8)));
    if (residentIdCheckChar(QStringView(n).left(17)) != n.at(17))
        return FieldCheck::block(
            tr("This ID number is mistyped: its last character does not match the others."));
    return FieldCheck::pass();
}

FieldCheck Validators::idValidity(const QDate &begin, const QDate &end, bool longTerm,
                                  const QDate &today)
{
    if (!begin.isValid())
        return FieldCheck::block(tr("Enter the date the ID was issued."));
    if (begin > today)
        return FieldCheck::block(tr("The ID's issue date is in the future."));
    if (longTerm)
        return FieldCheck::pass();
    if (!end.isValid())
        return FieldCheck::block(tr("Enter the date the ID expires, or choose \"long-term\"."));
    if (end <= begin)
        return FieldCheck::block(tr("The ID expires before it was issued."));
    if (end < today)
        return FieldCheck::block(tr("This ID expired on %1: the provider refuses expired IDs. "
                                    "Renew it first.")
                                     .arg(end.toString(Qt::ISODate)));
    if (today.daysTo(end) < kExpiryWarningDays)
        return FieldCheck::warn(
            tr("This ID expires within %1 days; providers often refuse IDs about to expire.")
                .arg(kExpiryWarningDays));
    return FieldCheck::pass();
}

bool Validators::luhnValid(QStringView digits)
{
    if (digits.isEmpty())
        return false;
    int sum = 0;
    bool twice = false;
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        if (!digits.at(i).isDigit())
            return false;
        int d = digits.at(i).digitValue();
        if (twice) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

FieldCheck Validators::bankAccountNumber(const QString &number)
{
    QString n = number;
    n.remove(u' ');
    if (n.size() < 8 || n.size() > 30)
        return FieldCheck::block(tr("A bank account number has 8 to 30 digits."));
    for (const QChar ch : n)
        if (!ch.isDigit())
            return FieldCheck::block(tr("A bank account number has only digits."));
    if (!luhnValid(n))
        return FieldCheck::warn(tr("This account number fails the card check digit. Some "
                                   "domestic accounts do: check it before going on."));
    return FieldCheck::pass();
}

QString Validators::normaliseName(const QString &name)
{
    QString n = name.trimmed();
    n.replace(u'（', u'(').replace(u'）', u')');
    n.remove(u' ');
    n.remove(QChar(0x3000));
    return n;
}

FieldCheck Validators::holderName(AccountType type, const QString &holder,
                                  const QString &businessName, const QString &legalRepName)
{
    const QString h = normaliseName(holder);
    if (h.isEmpty())
        return FieldCheck::block(tr("Enter the account holder's name."));
    if (type == AccountType::Corporate) {
        if (h != normaliseName(businessName))
            return FieldCheck::block(
                tr("A corporate account must be held by the business itself: the holder "
                   "must read \"%1\", exactly as on the business licence.")
                    .arg(businessName.trimmed()));
        return FieldCheck::pass();
    }
    if (h != normaliseName(legalRepName))
        return FieldCheck::block(
            tr("A personal account must be held by the legal representative: the holder "
               "must read \"%1\".")
                .arg(legalRepName.trimmed()));
    return FieldCheck::pass();
}

} // namespace paydesk::onboarding
