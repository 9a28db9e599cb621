#include "core/onboarding/applicationchecks.h"

#include "core/onboarding/signupclient.h"

#include <QRegularExpression>

namespace paydesk::onboarding {

namespace F = ApplicationFields;

namespace {
QString f(const char *id)
{
    return QString::fromLatin1(id);
}
} // namespace

QList<FieldIssue> ApplicationChecks::business(const MerchantApplication &a,
                                              const SignupDescriptor *provider)
{
    QList<FieldIssue> out;
    const BusinessInfo &b = a.business;
    if (b.name.trimmed().size() < 2)
        out.append({f(F::businessName), FieldCheck::block(tr("Enter the registered name, "
                                                             "exactly as on the licence."))});
    if (b.type != MerchantType::Individual) {
        const FieldCheck code = Validators::unifiedSocialCreditCode(b.creditCode);
        if (!code.ok())
            out.append({f(F::creditCode), code});
    }
    if (b.category.isEmpty())
        out.append({f(F::category), FieldCheck::block(tr("Choose what the business sells."))});
    else if (provider && provider->restriction) {
        const QString why = provider->restriction(b.category);
        if (!why.isEmpty())
            out.append({f(F::category), FieldCheck::block(why)});
    }
    if (provider && provider->walletAccountLabel && b.walletAccount.trimmed().isEmpty())
        out.append({f(F::walletAccount),
                    FieldCheck::block(
                        tr("Enter the business's %1.").arg(provider->walletAccountLabel()))});
    static const QRegularExpression mobile(QStringLiteral("^1[3-9][0-9]{9}$"));
    if (!mobile.match(b.contactMobile.trimmed()).hasMatch())
        out.append({f(F::contactMobile),
                    FieldCheck::block(tr("Enter an 11-digit mainland mobile number."))});
    return out;
}

QList<FieldIssue> ApplicationChecks::legal(const MerchantApplication &a, const QDate &today)
{
    QList<FieldIssue> out;
    const LegalRepresentative &l = a.legal;
    if (l.name.trimmed().size() < 2)
        out.append(
            {f(F::legalName), FieldCheck::block(tr("Enter the name exactly as on the ID card."))});
    const FieldCheck id = Validators::residentIdNumber(l.idNumber, today);
    if (!id.ok())
        out.append({f(F::idNumber), id});
    const FieldCheck validity = Validators::idValidity(l.validFrom, l.validTo, l.longTerm, today);
    if (!validity.ok())
        out.append({f(F::idValidity), validity});
    return out;
}

QList<FieldIssue> ApplicationChecks::documents(const MerchantApplication &a)
{
    QList<FieldIssue> out;
    for (const QString &doc : MerchantApplication::requiredDocuments(a.business.type))
        if (!a.documents.contains(doc) || a.documents.value(doc).bytes.isEmpty())
            out.append({doc, FieldCheck::block(tr("Add this photo."))});
    return out;
}

QList<FieldIssue> ApplicationChecks::bank(const MerchantApplication &a, bool depositRequired)
{
    QList<FieldIssue> out;
    const BankAccount &k = a.bank;
    if (k.type == AccountType::Personal && a.business.type == MerchantType::Enterprise)
        out.append({f(F::accountHolder),
                    FieldCheck::block(tr("An enterprise is paid into a corporate account "
                                         "only."))});
    else {
        const FieldCheck holder =
            Validators::holderName(k.type, k.holder, a.business.name, a.legal.name);
        if (!holder.ok())
            out.append({f(F::accountHolder), holder});
    }
    if (k.bank.trimmed().isEmpty())
        out.append({f(F::bankName), FieldCheck::block(tr("Choose the bank."))});
    const FieldCheck number = Validators::bankAccountNumber(k.number);
    if (!number.ok())
        out.append({f(F::accountNumber), number});
    else if (depositRequired && !k.verified)
        out.append({f(F::accountNumber),
                    FieldCheck::block(tr("Verify the account: ask for the test deposit and "
                                         "type the amount you received."))});
    return out;
}

QList<FieldIssue> ApplicationChecks::features(const MerchantApplication &a)
{
    if (!a.features.counterQr && !a.features.paymentCodes && !a.features.paymentLinks)
        return {{f(F::features), FieldCheck::block(tr("Choose at least one way to be paid."))}};
    return {};
}

bool ApplicationChecks::anyBlocked(const QList<FieldIssue> &issues)
{
    return std::any_of(issues.begin(), issues.end(),
                       [](const FieldIssue &i) { return i.check.blocked(); });
}

FieldCheck ApplicationChecks::of(const QList<FieldIssue> &issues, const QString &field)
{
    for (const FieldIssue &i : issues)
        if (i.field == field)
            return i.check;
    return FieldCheck::pass();
}

} // namespace paydesk::onboarding
