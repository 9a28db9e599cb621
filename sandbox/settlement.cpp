#include "sandbox/settlement.h"

#include "core/crypto/crypto.h"

#include <QSet>
#include <QTimeZone>

#include <algorithm>

namespace paydesk::sandbox {

namespace {

QTimeZone beijingZone()
{
    static const QTimeZone zone = [] {
        QTimeZone z("Asia/Shanghai");
        return z.isValid() ? z : QTimeZone(8 * 3600);
    }();
    return zone;
}

QDate dayOf(const QDateTime &utc)
{
    return utc.toTimeZone(beijingZone()).date();
}

bool ofApp(const App &app, const Trade &t)
{
    return t.appId == app.appId && t.provider == app.provider;
}

} // namespace

qint64 Settlement::dayNet(const App &app, const QList<const Trade *> &trades, QDate day)
{
    qint64 net = 0;
    for (const Trade *t : trades) {
        if (!ofApp(app, *t) || !t->wasPaid())
            continue;
        if (dayOf(t->paidUtc) == day)
            net += t->amountMinor - t->feeMinor;
        for (const Refund &r : t->refunds)
            if (dayOf(r.createdUtc) == day)
                net -= r.amountMinor - r.feeMinor;
    }
    return net;
}

QString Settlement::payoutReference(const App &app, QDate coversDay, QDate bookedDay)
{
    // Digits only: yyyyMMdd of the booking, then 12 digits that depend on the app and the day.
    const QByteArray h =
        crypto::sha1((app.appId + QLatin1Char('|') + coversDay.toString(Qt::ISODate)).toUtf8());
    QString digits;
    for (int i = 0; digits.size() < 12 && i < h.size(); ++i)
        digits += QString::number(quint8(h.at(i)) % 10);
    return bookedDay.toString(QStringLiteral("yyyyMMdd")) + digits;
}

QList<FundMovement> Settlement::allMovements(const App &app, const TradeStore &store, QDate lastDay)
{
    QList<FundMovement> out;
    QSet<QDate> tradeDays;
    const QList<const Trade *> trades = store.trades();
    for (const Trade *t : trades) {
        if (!ofApp(app, *t) || !t->wasPaid())
            continue;
        tradeDays.insert(dayOf(t->paidUtc));
        if (dayOf(t->paidUtc) <= lastDay) {
            out.append({FundMovement::Kind::Payment, t->paidUtc, t->amountMinor, t, {}, {}, {}});
            if (t->feeMinor != 0)
                out.append({FundMovement::Kind::Fee, t->paidUtc, -t->feeMinor, t, {}, {}, {}});
        }
        for (const Refund &r : t->refunds) {
            tradeDays.insert(dayOf(r.createdUtc));
            if (dayOf(r.createdUtc) > lastDay)
                continue;
            out.append({FundMovement::Kind::Refund,
                        r.createdUtc,
                        -r.amountMinor,
                        t,
                        r.outRequestNo,
                        {},
                        {}});
            if (r.feeMinor != 0)
                out.append({FundMovement::Kind::FeeReturned,
                            r.createdUtc,
                            r.feeMinor,
                            t,
                            r.outRequestNo,
                            {},
                            {}});
        }
    }
    for (const QDate &day : std::as_const(tradeDays)) {
        const SettlementInstruction how = store.settlement(app.provider, day);
        const qint64 amount = dayNet(app, trades, day) - how.shortMinor;
        const QDate booked = day.addDays(1 + std::max(0, how.lateDays));
        if (amount <= 0 || booked > lastDay)
            continue;
        const QDateTime at = QDateTime(booked, QTime(payoutHourBeijing, 0), beijingZone()).toUTC();
        out.append({FundMovement::Kind::Payout,
                    at,
                    -amount,
                    nullptr,
                    {},
                    payoutReference(app, day, booked),
                    day});
    }
    std::stable_sort(out.begin(), out.end(), [](const FundMovement &a, const FundMovement &b) {
        if (a.atUtc != b.atUtc)
            return a.atUtc < b.atUtc;
        return a.coversDay < b.coversDay;
    });
    return out;
}

QList<FundMovement> Settlement::movements(const App &app, const TradeStore &store, QDate day)
{
    QList<FundMovement> out;
    for (const FundMovement &m : allMovements(app, store, day))
        if (dayOf(m.atUtc) == day)
            out.append(m);
    return out;
}

qint64 Settlement::openingBalance(const App &app, const TradeStore &store, QDate day)
{
    qint64 balance = 0;
    for (const FundMovement &m : allMovements(app, store, day.addDays(-1)))
        balance += m.amountMinor;
    return balance;
}

} // namespace paydesk::sandbox
