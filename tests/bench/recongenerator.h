#pragma once

#include "core/reconcile/reconciliation.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QDate>
#include <QString>

#include <array>

namespace paydesk::bench {

/// A synthetic business day for the reconciliation benchmark: `lines` Alipay trade-bill lines
/// (GBK CSV zipped as the sandbox serves it) against as many local orders, with exactly
/// `perClass` rows of every exception class. Deterministic.
struct ReconScenario
{
    int lines = 1000000;
    int perClass = 100;
    int feeRateBp = 60;
    QDate day = QDate(2026, 12, 1);
    QString provider = QStringLiteral("alipay");
    QString merchantPid = QStringLiteral("2088102177846880");
};

/// What the engine must find.
struct ReconExpectation
{
    std::array<qint64, 9> counts{}; ///< by ReconClass
    qint64 grossMinor = 0;
    qint64 refundsMinor = 0;
    qint64 feesMinor = 0;
    qint64 payments = 0;
    qint64 refunds = 0;
    qint64 orders = 0;
};

class ReconGenerator
{
public:
    explicit ReconGenerator(ReconScenario scenario);

    const ReconExpectation &expectation() const { return m_expect; }
    /// The bill zip (one entry `<pid>_<yyyyMMdd>_业务明细.csv`).
    Result<QByteArray> billZip() const;
    /// The detail CSV bytes, GBK.
    QByteArray billCsv() const;
    /// Creates a Paydesk database at \a path through the app's migrations and bulk-fills the
    /// orders and refunds of the scenario in one transaction.
    Status fillDatabase(const QString &path) const;

private:
    enum class Role : quint8 {
        Normal,
        Late,
        Status,
        Amount,
        Fee,
        MissingAtProvider,
        Duplicated,
        RefundYesterday,
        RefundMismatch,
        CrossDay,
        ClosedNoLine,
    };
    Role role(int i) const;
    qint64 amountOf(int i) const;
    QByteArray orderNo(int i) const;

    ReconScenario m_s;
    ReconExpectation m_expect;
    int m_refundOrders = 0;
};

} // namespace paydesk::bench
