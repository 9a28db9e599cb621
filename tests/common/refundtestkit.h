#pragma once

// Shared by the refund tests (integration and UI): a paid order through the real checkout against a
// standalone sandbox, for any provider the registry knows with a sandbox dialect, and a synchronous
// refund.

#include "app/appcontext.h"
#include "core/checkout/checkoutservice.h"
#include "core/crypto/otp.h"
#include "core/orders/orderqueries.h"
#include "core/providers/providerregistry.h"
#include "core/refunds/refundservice.h"
#include "core/security/operatorservice.h"

#include "testsandbox.h"

#include <QTest>

#include <optional>

namespace paydesk::test {

/// The staff of the refund tests: olivia (owner), mia (manager, TOTP enrolled), carl (cashier).
struct RefundStaff
{
    static inline const QString ownerPassword = QStringLiteral("Lantern-Orbit-73!");
    static inline const QString managerPassword = QStringLiteral("Velvet#Harbor-2918");
    static inline const QString cashierPassword = QStringLiteral("Granite+Meadow-461");
    QString managerSecret; ///< mia's TOTP secret, base32

    /// Creates the three operators in \a ops; empty on success, else what failed.
    QString create(OperatorService &ops)
    {
        if (!ops.bootstrapOwner(QStringLiteral("olivia"), ownerPassword).ok())
            return QStringLiteral("owner not created");
        auto owner = ops.authenticate(QStringLiteral("olivia"), ownerPassword);
        if (!owner.ok())
            return owner.error().message;
        if (!ops.createOperator(owner.value(), QStringLiteral("mia"), Role::Manager,
                                managerPassword)
                 .ok() ||
            !ops.createOperator(owner.value(), QStringLiteral("carl"), Role::Cashier,
                                cashierPassword)
                 .ok())
            return QStringLiteral("staff not created");
        auto mia = ops.authenticate(QStringLiteral("mia"), managerPassword);
        if (!mia.ok())
            return mia.error().message;
        auto enrolment = ops.beginTotpEnrollment(mia.value());
        if (!enrolment.ok())
            return enrolment.error().message;
        managerSecret = enrolment.value().secretBase32;
        // The previous time step, so the current one is still unused for the test's refund.
        if (!ops.confirmTotpEnrollment(mia.value(), managerCode(-1)).ok())
            return QStringLiteral("TOTP not confirmed");
        return {};
    }

    /// mia's code for the current time step (+ \a stepOffset steps).
    QString managerCode(int stepOffset = 0) const
    {
        return crypto::totp(crypto::base32Decode(managerSecret).value(),
                            QDateTime::currentSecsSinceEpoch() + stepOffset * 30);
    }
};

/// The registry's providers the sandbox speaks (each refund test runs once per provider).
inline QStringList sandboxProviders(const ProviderRegistry &registry)
{
    QStringList ids;
    for (const QString &id : registry.ids()) {
        const ProviderDescriptor *d = registry.find(id);
        if (d && d->hasAdapter() && d->chargeable && d->capabilities.sandbox &&
            !d->capabilities.paymentCodes.isEmpty())
            ids << id;
    }
    return ids;
}

/// A fresh buyer's payment code for \a provider ("<id>_code", or "<id without 'pay'>_code").
inline QString codeFor(TestSandbox &sandbox, const QString &provider, qint64 balanceMinor = 100000)
{
    const QJsonObject buyer = sandbox.newBuyer(balanceMinor);
    QString code = buyer.value(provider + QStringLiteral("_code")).toString();
    if (code.isEmpty() && provider.endsWith(QStringLiteral("pay")))
        code = buyer.value(provider.chopped(3) + QStringLiteral("_code")).toString();
    return code;
}

/// Charges \a minor with a payment code of \a provider and waits for PAID.
inline std::optional<Order> paidOrder(AppContext &ctx, TestSandbox &sandbox,
                                      const QString &provider, qint64 minor)
{
    const QString code = codeFor(sandbox, provider);
    if (code.isEmpty())
        return std::nullopt;
    auto started = ctx.checkout().chargeCode(Money::fromMinor(minor), code);
    if (!started.ok()) {
        qWarning() << started.error().message;
        return std::nullopt;
    }
    std::optional<Order> order;
    (void)QTest::qWaitFor(
        [&] {
            auto o = ctx.orderQueries().byOutTradeNo(started.value());
            if (o.ok() && o.value() && o.value()->status == OrderStatus::Paid)
                order = *o.value();
            return order.has_value();
        },
        15000);
    return order;
}

/// RefundService::refund, waited for.
inline Result<RefundRecord> refundNow(RefundService &refunds, const RefundInput &input,
                                      int timeoutMs = 20000)
{
    std::optional<Result<RefundRecord>> done;
    refunds.refund(input, [&](const Result<RefundRecord> &r) { done = r; });
    if (!QTest::qWaitFor([&] { return done.has_value(); }, timeoutMs))
        return Error{QStringLiteral("test.timeout"), QStringLiteral("no answer from refund()")};
    return *done;
}

inline RefundInput refundOf(const Order &order, qint64 minor, const QString &reason = {})
{
    RefundInput in;
    in.orderId = order.id;
    in.amount = Money::fromMinor(minor);
    in.reason = reason.isEmpty() ? QStringLiteral("customer_request") : reason;
    in.operatorName = QStringLiteral("tester");
    return in;
}

/// What the sandbox's own books say was refunded on \a outTradeNo.
inline qint64 sandboxRefunded(TestSandbox &sandbox, const QString &outTradeNo)
{
    return sandbox.tradeOf(outTradeNo)
        .value(QStringLiteral("refunded_minor"))
        .toVariant()
        .toLongLong();
}

} // namespace paydesk::test
