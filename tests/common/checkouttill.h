#pragma once

// A till's checkout screen over a real database and one provider, for offscreen UI tests: the
// same wiring the app does, with polls short enough for a test.

#include "core/checkout/checkoutservice.h"
#include "core/ledger/ledger.h"
#include "core/orders/orderqueries.h"
#include "core/providers/providerregistry.h"
#include "core/storage/database.h"
#include "ui/checkout/checkoutview.h"

#include <QLabel>
#include <QLineEdit>
#include <QTest>

#include <memory>

namespace paydesk::test {

struct CheckoutTill
{
    // Declared in wiring order, so they are destroyed view first, database last.
    std::unique_ptr<Database> db;
    std::unique_ptr<Ledger> ledger;
    std::unique_ptr<CheckoutService> service;
    std::unique_ptr<OrderQueries> queries;
    std::unique_ptr<CheckoutView> view;

    /// Opens the database at \a path and shows the checkout screen taking \a provider's
    /// payments. Empty on success, else what went wrong.
    QString open(const QString &path, Clock &clock, PaymentProvider *provider,
                 const QString &storeCode, ProviderRegistry *registry = nullptr)
    {
        auto opened = Database::open(path);
        if (!opened.ok())
            return opened.error().message;
        db = std::move(opened).value();
        ledger = std::make_unique<Ledger>(*db, clock);
        CheckoutConfig config;
        config.defaultProvider = provider->id();
        config.storeCode = storeCode;
        config.storeName = QStringLiteral("UI store");
        config.cashier = QStringLiteral("carol");
        config.qrPollMs = 100;
        config.codePollMs = 150;
        config.retryMs = 100;
        service = std::make_unique<CheckoutService>(
            *db, *ledger, clock,
            [provider](const QString &id) -> PaymentProvider * {
                return id == provider->id() ? provider : nullptr;
            },
            config);
        if (registry)
            service->setProviderRegistry(registry);
        queries = std::make_unique<OrderQueries>(*db);
        view = std::make_unique<CheckoutView>(*service, *queries);
        view->resize(1000, 700);
        view->show();
        return QTest::qWaitForWindowExposed(view.get()) ? QString()
                                                        : QStringLiteral("window not exposed");
    }

    /// Tears down in the reverse order of open().
    void close()
    {
        view.reset();
        queries.reset();
        service.reset();
        ledger.reset();
        db.reset();
    }
    ~CheckoutTill() { close(); }

    QLineEdit *amountEdit() const
    {
        return view->findChild<QLineEdit *>(QStringLiteral("amountEdit"));
    }
    QLabel *label(const char *name) const
    {
        return view->findChild<QLabel *>(QString::fromLatin1(name));
    }
};

} // namespace paydesk::test
