#include "sandbox/signup/signupbook.h"

#include "core/util/clock.h"
#include "sandbox/sandboxlog.h"
#include "sandbox/signup/signupdesk.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace paydesk::sandbox {

namespace {
QByteArray toJson(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

HttpReply fail(int status, const QString &code, const QString &message)
{
    return HttpReply::json(toJson({{u"code"_s, code}, {u"message"_s, message}}), status);
}

QString stageName(SignupApplication::Stage s)
{
    switch (s) {
    case SignupApplication::Stage::Reviewing:
        return u"reviewing"_s;
    case SignupApplication::Stage::Rejected:
        return u"rejected"_s;
    case SignupApplication::Stage::AwaitingConfirmation:
        return u"awaiting_confirmation"_s;
    case SignupApplication::Stage::Finished:
        break;
    }
    return u"finished"_s;
}
} // namespace

SignupBook::SignupBook(Clock &clock, quint64 seed, std::function<QUrl()> baseUrl)
    : m_clock(clock), m_prng(seed ^ 0x5167AB0ULL), m_baseUrl(std::move(baseUrl))
{
}

SignupApplication &SignupBook::submit(const QString &provider, const QString &businessCode,
                                      QList<ReviewFinding> findings, const QString &refPrefix)
{
    SignupApplication *a = byBusinessCode(provider, businessCode);
    if (!a) {
        m_applications.push_back(std::make_unique<SignupApplication>());
        a = m_applications.back().get();
        a->provider = provider;
        a->businessCode = businessCode;
        a->ref = refPrefix + m_prng.digits(12);
        a->confirmToken = m_prng.alnum(24);
    }
    a->submittedUtc = m_clock.nowUtc();
    a->findings = std::move(findings);
    a->confirmed = false;
    ++a->submissions;
    qCInfo(lcSandbox) << provider << "application" << a->ref << "submission" << a->submissions
                      << "findings:" << a->findings.size();
    return *a;
}

SignupApplication *SignupBook::find(const QString &provider, const QString &ref)
{
    for (const auto &a : m_applications)
        if (a->provider == provider && a->ref == ref)
            return a.get();
    return nullptr;
}

SignupApplication *SignupBook::byBusinessCode(const QString &provider, const QString &code)
{
    for (const auto &a : m_applications)
        if (a->provider == provider && a->businessCode == code)
            return a.get();
    return nullptr;
}

SignupApplication *SignupBook::byToken(const QString &token)
{
    for (const auto &a : m_applications)
        if (a->confirmToken == token)
            return a.get();
    return nullptr;
}

SignupApplication::Stage SignupBook::stageOf(const SignupApplication &a) const
{
    if (a.submittedUtc.msecsTo(m_clock.nowUtc()) < m_reviewDelayMs)
        return SignupApplication::Stage::Reviewing;
    if (!a.findings.isEmpty())
        return SignupApplication::Stage::Rejected;
    return a.confirmed ? SignupApplication::Stage::Finished
                       : SignupApplication::Stage::AwaitingConfirmation;
}

QString SignupBook::confirmUrl(const SignupApplication &a) const
{
    return m_baseUrl().toString() + u"/sandbox/signup/confirm/"_s + a.confirmToken;
}

HttpReply SignupBook::handle(const QByteArray &method, const QString &path, const QByteArray &body,
                             const QList<SignupDesk *> &desks)
{
    const QJsonObject in = QJsonDocument::fromJson(body).object();
    if (path == u"config") {
        if (method == "POST") {
            const qint64 delay = in.value(u"review_delay_ms"_s).toInteger(-1);
            if (delay < 0)
                return fail(400, u"bad_delay"_s, u"review_delay_ms must be a number ≥ 0"_s);
            m_reviewDelayMs = delay;
        }
        return HttpReply::json(toJson({{u"review_delay_ms"_s, m_reviewDelayMs}}));
    }
    if (path == u"partners" && method == "POST") {
        const QString provider = in.value(u"provider"_s).toString();
        for (SignupDesk *d : desks)
            if (d->provider() == provider)
                return HttpReply::json(
                    toJson(d->registerPartner(in.value(u"public_key"_s).toString().toLatin1())));
        return fail(501, u"no_signup"_s, u"this sandbox has no sign-up for "_s + provider);
    }
    if (path == u"applications") {
        QJsonArray list;
        for (const auto &a : m_applications)
            list.append(QJsonObject{{u"provider"_s, a->provider},
                                    {u"business_code"_s, a->businessCode},
                                    {u"ref"_s, a->ref},
                                    {u"stage"_s, stageName(stageOf(*a))},
                                    {u"findings"_s, qsizetype(a->findings.size())},
                                    {u"submissions"_s, a->submissions},
                                    {u"confirm_url"_s, confirmUrl(*a)}});
        return HttpReply::json(toJson({{u"applications"_s, list}}));
    }
    if (path.startsWith(u"confirm/"))
        return confirmPage(method, path.mid(8));
    if (path == u"deposits" || path.startsWith(u"deposits/"))
        return deposits(method, path.mid(8), in);
    return fail(404, u"not_found"_s, u"no such sign-up route"_s);
}

HttpReply SignupBook::confirmPage(const QByteArray &method, const QString &token)
{
    const bool post = token.endsWith(u"/confirm");
    SignupApplication *a = byToken(post ? token.chopped(8) : token);
    if (!a)
        return HttpReply::text("unknown confirmation link", 404);
    if (stageOf(*a) != SignupApplication::Stage::AwaitingConfirmation &&
        stageOf(*a) != SignupApplication::Stage::Finished)
        return HttpReply::text("this application is not approved yet", 409);
    if (post && method == "POST") {
        a->confirmed = true;
        if (a->merchantId.isEmpty())
            a->merchantId = u"2088"_s + m_prng.digits(12);
        qCInfo(lcSandbox) << a->provider << "application" << a->ref << "confirmed";
        return HttpReply::json(toJson({{u"confirmed"_s, true}, {u"merchant_id"_s, a->merchantId}}));
    }
    const QByteArray page =
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Paydesk sandbox</title></head>"
        "<body style=\"font-family:sans-serif\"><h2>Confirm the merchant application</h2><p>" +
        a->ref.toHtmlEscaped().toUtf8() + "</p><form method=\"post\" action=\"" +
        a->confirmToken.toUtf8() +
        "/confirm\"><button type=\"submit\">Confirm as the legal representative</button>"
        "</form></body></html>";
    return HttpReply::html(page);
}

HttpReply SignupBook::deposits(const QByteArray &method, const QString &rest, const QJsonObject &in)
{
    if (rest.isEmpty() && method == "POST") {
        const QString number = in.value(u"account_number"_s).toString();
        if (number.size() < 8)
            return fail(400, u"bad_account"_s, u"account_number is missing"_s);
        Deposit d;
        d.id = u"DP"_s + m_prng.digits(14);
        d.accountNumber = number;
        d.amountMinor = 1 + qint64(m_prng.next() % 99); // 0.01–0.99 yuan
        m_deposits.insert(d.id, d);
        qCInfo(lcSandbox) << "micro-deposit" << d.id << "sent";
        return HttpReply::json(toJson({{u"deposit_id"_s, d.id}}));
    }
    const QString id = rest.section(u'/', 1, 1);
    const auto it = m_deposits.find(id);
    if (it == m_deposits.end())
        return fail(404, u"unknown_deposit"_s, u"no such deposit"_s);
    if (rest.endsWith(u"/verify") && method == "POST") {
        if (it->triesLeft <= 0 && !it->verified)
            return fail(423, u"locked"_s, u"too many wrong amounts"_s);
        if (in.value(u"amount_minor"_s).toInteger(-1) == it->amountMinor) {
            it->verified = true;
            return HttpReply::json(
                toJson({{u"verified"_s, true}, {u"tries_left"_s, it->triesLeft}}));
        }
        --it->triesLeft;
        if (it->triesLeft <= 0)
            return fail(423, u"locked"_s, u"too many wrong amounts"_s);
        return HttpReply::json(toJson({{u"verified"_s, false}, {u"tries_left"_s, it->triesLeft}}),
                               409);
    }
    // What the merchant's bank statement shows (tests and the demo read it here).
    return HttpReply::json(toJson({{u"deposit_id"_s, it->id},
                                   {u"amount_minor"_s, it->amountMinor},
                                   {u"tries_left"_s, it->triesLeft},
                                   {u"verified"_s, it->verified}}));
}

} // namespace paydesk::sandbox
