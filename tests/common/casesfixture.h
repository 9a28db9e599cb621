#pragma once

// Checkout and the cases desk (detector, cases, issue log, payment look-up) over a real SQLite
// file, with the real Alipay adapter against the real sandbox on loopback: what the duplicate-
// charge integration and UI tests start from.

#include "core/cases/casedesk.h"
#include "core/cases/caserefunder.h"
#include "core/checkout/checkoutservice.h"
#include "core/crypto/secretvault.h"
#include "core/ledger/ledger.h"
#include "core/orders/orderqueries.h"
#include "core/refunds/refundservice.h"
#include "core/security/auditlog.h"
#include "core/security/operatorservice.h"
#include "core/security/payerhasher.h"
#include "core/settings/storesettings.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"

#include "sandboxfixture.h"

#include <QTemporaryDir>

#include <memory>

namespace paydesk::test {

inline const QString kCasesOwnerPassword = QStringLiteral("Lantern-Orbit-73!");
inline const QString kCasesCashierPassword = QStringLiteral("Granite+Meadow-461");

class CasesFixture
{
public:
    /// Starts the sandbox with \a faults and builds the graph. An error text, empty on success.
    QString start(const QString &faults = {})
    {
        if (!dir.isValid())
            return QStringLiteral("no temporary folder");
        sandbox = std::make_unique<SandboxFixture>();
        if (QString e = sandbox->start(faults); !e.isEmpty())
            return e;
        auto opened = Database::open(dir.filePath(QStringLiteral("cases.db")));
        if (!opened.ok())
            return opened.error().message;
        db = std::move(opened).value();
        ledger = std::make_unique<Ledger>(*db, sandbox->clock);
        auto v = SecretVault::fromKey(crypto::randomBytes(SecretVault::KeySize));
        if (!v.ok())
            return v.error().message;
        vault = std::move(v).value();
        settings = std::make_unique<SettingsStore>(*db);
        hasher = std::make_unique<PayerHasher>(*settings, *vault);
        audit = std::make_unique<AuditLog>(*db, sandbox->clock, *vault);
        operators = std::make_unique<OperatorService>(*db, sandbox->clock, *vault, *audit);
        operators->setScryptCost(ScryptCost{1 << 10, 8, 1});
        queries = std::make_unique<OrderQueries>(*db);
        CheckoutConfig config;
        config.defaultProvider = QStringLiteral("alipay");
        config.storeCode = QStringLiteral("CS01");
        config.storeName = QStringLiteral("Cases store");
        config.cashier = QStringLiteral("bob");
        config.till = QStringLiteral("T1");
        config.qrPollMs = 100;
        config.codePollMs = 150;
        config.codeWaitLimitMs = 1500;
        config.retryMs = 100;
        config.retryMaxMs = 400;
        AlipayProvider *p = sandbox->provider.get();
        checkout = std::make_unique<CheckoutService>(
            *db, *ledger, sandbox->clock,
            [p](const QString &id) -> PaymentProvider * { return id == u"alipay" ? p : nullptr; },
            config, hasher.get());
        RefundConfig refundConfig;
        refundConfig.retryMs = 100;
        refundConfig.retryMaxMs = 400;
        refundConfig.processingPollMs = 100;
        refundConfig.answerWithinMs = 8000;
        refunds = std::make_unique<RefundService>(
            *db, *ledger, sandbox->clock,
            [p](const QString &id) -> PaymentProvider * { return id == u"alipay" ? p : nullptr; },
            refundConfig);
        storeSettings = std::make_unique<StoreSettings>(*db, *audit);
        desk = std::make_unique<CaseDesk>(*db, *checkout, *queries, *audit, sandbox->clock);
        desk->attachRefunds(*refunds, storeSettings.get());
        return {};
    }

    ~CasesFixture()
    {
        desk.reset();
        refunds.reset();
        checkout.reset();
    }

    Session owner()
    {
        if (operators->needsBootstrap())
            (void)operators->bootstrapOwner(QStringLiteral("olivia"), kCasesOwnerPassword);
        auto s = operators->authenticate(QStringLiteral("olivia"), kCasesOwnerPassword);
        return s.ok() ? s.value() : Session();
    }

    Session cashier()
    {
        const Session o = owner();
        (void)operators->createOperator(o, QStringLiteral("carl"), Role::Cashier,
                                        kCasesCashierPassword);
        auto s = operators->authenticate(QStringLiteral("carl"), kCasesCashierPassword);
        return s.ok() ? s.value() : Session();
    }

    OrderStatus statusOf(const QString &out) const
    {
        auto o = queries->byOutTradeNo(out);
        return o.ok() && o.value() ? o.value()->status : OrderStatus::Unknown;
    }

    qint64 auditCount(const QString &action) const
    {
        AuditFilter f;
        f.action = action;
        auto r = audit->query(f);
        return r.ok() ? r.value().size() : -1;
    }

    /// The sandbox pays the QR of \a out as buyer \a buyerId. True on HTTP 200.
    bool payQr(const QString &out, const QString &buyerId)
    {
        const auto s = checkout->snapshot(out);
        if (!s || s->qrCode.isEmpty())
            return false;
        int http = 0;
        sandbox->control(
            QStringLiteral("/sandbox/pay"),
            QJsonObject{{QStringLiteral("qr"), s->qrCode}, {QStringLiteral("buyer_id"), buyerId}},
            &http);
        return http == 200;
    }

    QTemporaryDir dir;
    std::unique_ptr<SandboxFixture> sandbox;
    std::unique_ptr<Database> db;
    std::unique_ptr<Ledger> ledger;
    std::unique_ptr<SecretVault> vault;
    std::unique_ptr<SettingsStore> settings;
    std::unique_ptr<PayerHasher> hasher;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<OperatorService> operators;
    std::unique_ptr<OrderQueries> queries;
    std::unique_ptr<CheckoutService> checkout;
    std::unique_ptr<RefundService> refunds;
    std::unique_ptr<StoreSettings> storeSettings;
    std::unique_ptr<CaseDesk> desk;
};

} // namespace paydesk::test
