#pragma once

#include "sandbox/httpfrontend.h"
#include "sandbox/prng.h"
#include "sandbox/signup/reviewrules.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <vector>

namespace paydesk {
class Clock;
}

namespace paydesk::sandbox {

class SignupDesk;

/// One merchant application as the sandbox's reviewer holds it, provider-neutral.
struct SignupApplication
{
    enum class Stage { Reviewing, Rejected, AwaitingConfirmation, Finished };

    QString provider;
    QString businessCode; ///< the submitter's key: a resubmission replaces the application
    QString ref;          ///< the desk's application id (applyment_id, batch_no)
    QDateTime submittedUtc;
    QList<ReviewFinding> findings;
    QString confirmToken;
    bool confirmed = false;
    QString merchantId; ///< given on approval
    int submissions = 0;
};

/// The sandbox's sign-up state shared by the desks: applications and their review (decided
/// at submission, revealed after a configurable delay), the legal representative's
/// confirmation page, and micro-deposits. Its control routes live under /sandbox/signup/.
/// Held in memory: a restarted sandbox forgets applications (docs/ONBOARDING.md).
class SignupBook
{
public:
    SignupBook(Clock &clock, quint64 seed, std::function<QUrl()> baseUrl);

    /// Runs the review now; the verdict shows once the review delay has passed. A second
    /// submission under the same business code replaces the first (same ref).
    SignupApplication &submit(const QString &provider, const QString &businessCode,
                              QList<ReviewFinding> findings, const QString &refPrefix);
    SignupApplication *find(const QString &provider, const QString &ref);
    SignupApplication *byBusinessCode(const QString &provider, const QString &businessCode);
    SignupApplication::Stage stageOf(const SignupApplication &application) const;
    /// The page the legal representative opens from the confirmation QR.
    QString confirmUrl(const SignupApplication &application) const;

    qint64 reviewDelayMs() const { return m_reviewDelayMs; }

    /// /sandbox/signup/… (path after the prefix), with the desks for partner registration.
    HttpReply handle(const QByteArray &method, const QString &path, const QByteArray &body,
                     const QList<SignupDesk *> &desks);

    static constexpr qint64 defaultReviewDelayMs = 3000;
    static constexpr int depositTries = 3;

private:
    struct Deposit
    {
        QString id;
        QString accountNumber;
        qint64 amountMinor = 0;
        int triesLeft = depositTries;
        bool verified = false;
    };

    HttpReply confirmPage(const QByteArray &method, const QString &token);
    HttpReply deposits(const QByteArray &method, const QString &rest, const QJsonObject &in);
    SignupApplication *byToken(const QString &token);

    Clock &m_clock;
    Prng m_prng;
    std::function<QUrl()> m_baseUrl;
    qint64 m_reviewDelayMs = defaultReviewDelayMs;
    std::vector<std::unique_ptr<SignupApplication>> m_applications;
    QHash<QString, Deposit> m_deposits;
};

} // namespace paydesk::sandbox
