#include "recongenerator.h"

#include "core/reconcile/reconciler.h"
#include "core/storage/database.h"
#include "sandbox/alipay/billwriter.h"

#include <QStringEncoder>

#include <sqlite3.h>

namespace paydesk::bench {

using namespace Qt::StringLiterals;

namespace {

QByteArray gbk(const QString &s)
{
    QStringEncoder enc("GB18030");
    return enc.encode(s);
}

void appendYuan(QByteArray &out, qint64 minor)
{
    if (minor < 0) {
        out += '-';
        minor = -minor;
    }
    out += QByteArray::number(minor / 100);
    out += '.';
    out += char('0' + (minor % 100) / 10);
    out += char('0' + minor % 10);
}

void appendTwo(QByteArray &out, int v)
{
    out += char('0' + v / 10);
    out += char('0' + v % 10);
}

// Beijing wall time "yyyy-MM-dd HH:mm:ss" of \a seconds after midnight of \a day (may be < 0).
void appendStamp(QByteArray &out, QDate day, int seconds)
{
    while (seconds < 0) {
        day = day.addDays(-1);
        seconds += 86400;
    }
    out += QByteArray::number(day.year());
    out += '-';
    appendTwo(out, day.month());
    out += '-';
    appendTwo(out, day.day());
    out += ' ';
    appendTwo(out, seconds / 3600);
    out += ':';
    appendTwo(out, seconds / 60 % 60);
    out += ':';
    appendTwo(out, seconds % 60);
}

QByteArray isoUtc(QDate day, int beijingSeconds)
{
    // Beijing is UTC+8: midnight Beijing is 16:00 UTC of the day before.
    const QDateTime utc = QDateTime(day.addDays(-1), QTime(16, 0), Qt::UTC).addSecs(beijingSeconds);
    return utc.toString(Qt::ISODateWithMs).toLatin1();
}

} // namespace

ReconGenerator::ReconGenerator(ReconScenario scenario) : m_s(std::move(scenario))
{
    // Orders: X of the day (with K of each line class), R of yesterday refunded today, K of
    // yesterday 23:59 paid after midnight, K of the day closed without a line. Lines: X − K
    // payments, K duplicates, K unknown to the till, R refunds, K cross-day = N.
    const int k = m_s.perClass;
    m_refundOrders = std::max(2 * k, m_s.lines / 20);
    m_expect.orders = m_s.lines;
    const int x = m_s.lines - m_refundOrders - 2 * k;
    Q_ASSERT(x > 6 * k);
    for (int i = 0; i < m_s.lines; ++i) {
        const Role r = role(i);
        const qint64 a = amountOf(i);
        const qint64 fee = Reconciler::expectedFee(a, m_s.feeRateBp);
        switch (r) {
        case Role::MissingAtProvider:
        case Role::ClosedNoLine:
            break;
        case Role::RefundYesterday:
        case Role::RefundMismatch: {
            const qint64 half = std::max<qint64>(1, a / 2);
            m_expect.refundsMinor += half;
            m_expect.feesMinor -= Reconciler::expectedFee(half, m_s.feeRateBp);
            ++m_expect.refunds;
            break;
        }
        case Role::Amount:
            m_expect.grossMinor += a + 1;
            m_expect.feesMinor += Reconciler::expectedFee(a + 1, m_s.feeRateBp);
            ++m_expect.payments;
            break;
        case Role::Fee:
            m_expect.grossMinor += a;
            m_expect.feesMinor += fee + 1;
            ++m_expect.payments;
            break;
        case Role::Duplicated:
            m_expect.grossMinor += 2 * a;
            m_expect.feesMinor += 2 * fee;
            m_expect.payments += 2;
            break;
        default:
            m_expect.grossMinor += a;
            m_expect.feesMinor += fee;
            ++m_expect.payments;
        }
    }
    // K lines the till never booked.
    for (int j = 0; j < k; ++j) {
        m_expect.grossMinor += 1234 + j;
        m_expect.feesMinor += Reconciler::expectedFee(1234 + j, m_s.feeRateBp);
        ++m_expect.payments;
    }
    auto &c = m_expect.counts;
    for (ReconClass cl :
         {ReconClass::AmountMismatch, ReconClass::StatusMismatch, ReconClass::LatePayment,
          ReconClass::MissingAtProvider, ReconClass::MissingLocally, ReconClass::RefundMismatch,
          ReconClass::FeeMismatch, ReconClass::DuplicateLine})
        c[std::size_t(cl)] = k;
    c[std::size_t(ReconClass::Matched)] = (x - 5 * k) + (m_refundOrders - k) + k;
}

ReconGenerator::Role ReconGenerator::role(int i) const
{
    const int k = m_s.perClass;
    const int x = m_s.lines - m_refundOrders - 2 * k;
    if (i < x) {
        // Spread the exceptions through the day rather than at its start.
        if (i % 97 != 13 || i / 97 >= 6 * k)
            return Role::Normal;
        switch ((i / 97) / k) {
        case 0:
            return Role::Late;
        case 1:
            return Role::Status;
        case 2:
            return Role::Amount;
        case 3:
            return Role::Fee;
        case 4:
            return Role::MissingAtProvider;
        default:
            return Role::Duplicated;
        }
    }
    if (i < x + k)
        return Role::RefundMismatch;
    if (i < x + m_refundOrders)
        return Role::RefundYesterday;
    if (i < x + m_refundOrders + k)
        return Role::CrossDay;
    return Role::ClosedNoLine;
}

qint64 ReconGenerator::amountOf(int i) const
{
    return 100 + (qint64(i) * 7919) % 99901;
}

QByteArray ReconGenerator::orderNo(int i) const
{
    QByteArray n = "P" + m_s.day.toString(u"yyyyMMdd"_s).toLatin1() + "01";
    const QByteArray num = QByteArray::number(i);
    n += QByteArray(10 - num.size(), '0') + num;
    return n;
}

QByteArray ReconGenerator::billCsv() const
{
    const int k = m_s.perClass;
    const QByteArray comma = ",";
    const QByteArray payment = gbk(u"交易"_s), refund = gbk(u"退款"_s);
    const QByteArray subject = gbk(u"拿铁咖啡"_s), quoted = gbk(u"\"美式, 大杯 \"\"热\"\"\""_s);
    const QByteArray store = "S001", op = "cashier01", term = "T01", account = "ab***@163.com";
    const QByteArray refundReason = gbk(u"顾客退货"_s);
    const QByteArray zeros = "0.00,0.00,0.00,0.00,0.00,,0.00,0.00,";

    QByteArray out;
    out.reserve(qsizetype(m_s.lines) * 230 + 4096);
    const auto crlf = [&] { out += "\r\n"; };
    out += gbk(u"#支付宝业务明细查询"_s);
    crlf();
    out += gbk(u"#账号：[%1]"_s.arg(m_s.merchantPid));
    crlf();
    out += gbk(u"#起始日期：[%1 00:00:00]   终止日期：[%2 00:00:00]"_s.arg(
        m_s.day.toString(u"yyyy年MM月dd日"_s), m_s.day.addDays(1).toString(u"yyyy年MM月dd日"_s)));
    crlf();
    out += gbk(u"#-----------------------------------------业务明细列表"
               u"----------------------------------------"_s);
    crlf();
    out +=
        gbk(u"支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,"
            u"操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,"
            u"支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,"
            u"卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注"_s);
    crlf();

    const auto line = [&](int i, const QByteArray &no, bool isRefund, qint64 amount, qint64 fee,
                          const QByteArray &requestNo, int createdSec, int finishedSec) {
        out += "2026120122001";
        const QByteArray id = QByteArray::number(qint64(i) + 100000000000000LL);
        out += id;
        out += '\t';
        out += comma;
        out += no;
        out += '\t';
        out += comma;
        out += isRefund ? refund : payment;
        out += comma;
        out += (i % 1000 == 7) ? quoted : subject;
        out += comma;
        appendStamp(out, m_s.day, createdSec);
        out += comma;
        appendStamp(out, m_s.day, finishedSec);
        out += comma;
        out += store;
        out += ",,";
        out += op;
        out += comma;
        out += term;
        out += comma;
        out += account;
        out += comma;
        appendYuan(out, amount);
        out += comma;
        appendYuan(out, amount);
        out += comma;
        out += zeros;
        if (!requestNo.isEmpty()) {
            out += requestNo;
            out += '\t';
        }
        out += comma;
        appendYuan(out, fee);
        out += ",0.00,";
        if (isRefund)
            out += refundReason;
        crlf();
    };

    const int n = m_s.lines;
    for (int i = 0; i < n; ++i) {
        const Role r = role(i);
        const qint64 a = amountOf(i);
        const qint64 fee = Reconciler::expectedFee(a, m_s.feeRateBp);
        const int created = int(qint64(i) * 86000 / n);
        const int finished = created + 5;
        switch (r) {
        case Role::MissingAtProvider:
        case Role::ClosedNoLine:
            break;
        case Role::RefundYesterday:
        case Role::RefundMismatch: {
            const qint64 half = std::max<qint64>(1, a / 2);
            line(i, orderNo(i), true, -half, -Reconciler::expectedFee(half, m_s.feeRateBp),
                 "R" + orderNo(i), created - 86400, finished);
            break;
        }
        case Role::Amount:
            line(i, orderNo(i), false, a + 1, Reconciler::expectedFee(a + 1, m_s.feeRateBp), {},
                 created, finished);
            break;
        case Role::Fee:
            line(i, orderNo(i), false, a, fee + 1, {}, created, finished);
            break;
        case Role::Duplicated:
            line(i, orderNo(i), false, a, fee, {}, created, finished);
            line(i, orderNo(i), false, a, fee, {}, created, finished + 1);
            break;
        case Role::CrossDay:
            line(i, orderNo(i), false, a, fee, {}, -30, 1);
            break;
        default:
            line(i, orderNo(i), false, a, fee, {}, created, finished);
        }
    }
    for (int j = 0; j < k; ++j) {
        const QByteArray num = QByteArray::number(j);
        line(n + j, "X" + m_s.day.toString(u"yyyyMMdd"_s).toLatin1() + "99" + num, false, 1234 + j,
             Reconciler::expectedFee(1234 + j, m_s.feeRateBp), {}, 86300, 86301);
    }

    out += gbk(u"#-----------------------------------------业务明细列表结束"
               u"------------------------------------"_s);
    crlf();
    out += gbk(u"#交易合计：%1笔，退款合计：%2笔"_s.arg(m_expect.payments).arg(m_expect.refunds));
    crlf();
    QByteArray net, fees;
    appendYuan(net, m_expect.grossMinor - m_expect.refundsMinor);
    appendYuan(fees, m_expect.feesMinor);
    out += gbk(u"#商家实收合计：%1元，服务费合计：%2元"_s.arg(QString::fromLatin1(net),
                                                              QString::fromLatin1(fees)));
    crlf();
    out += gbk(u"#导出时间：[%1 10:00:00]"_s.arg(m_s.day.addDays(1).toString(u"yyyy年MM月dd日"_s)));
    crlf();
    return out;
}

Result<QByteArray> ReconGenerator::billZip() const
{
    return sandbox::BillWriter::zip(
        {{m_s.merchantPid + u'_' + m_s.day.toString(u"yyyyMMdd"_s) + u"_业务明细.csv"_s,
          billCsv()}});
}

Status ReconGenerator::fillDatabase(const QString &path) const
{
    {
        auto db = Database::open(path);
        if (!db.ok())
            return Status::failure(db.error().code, db.error().message);
    }
    sqlite3 *db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK) {
        sqlite3_close(db);
        return Status::failure(u"bench.db"_s, u"cannot open the database"_s);
    }
    const auto fail = [&] {
        const QString msg = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_close(db);
        return Status::failure(u"bench.db"_s, msg);
    };
    sqlite3_exec(db, "PRAGMA synchronous=OFF; BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt *order = nullptr;
    sqlite3_stmt *refund = nullptr;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO orders(out_trade_no, provider, kind, amount_minor, status,"
                           " refunded_minor, sale_id, created_at, updated_at)"
                           " VALUES(?1, ?2, 'code', ?3, ?4, ?5, ?1, ?6, ?6)",
                           -1, &order, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO refunds(order_id, out_request_no, amount_minor, status,"
                           " reason, operator, created_at, updated_at)"
                           " VALUES(?1, ?2, ?3, 'SUCCESS', 'bench', 'owner', ?4, ?4)",
                           -1, &refund, nullptr) != SQLITE_OK)
        return fail();
    const QByteArray provider = m_s.provider.toUtf8();
    const int n = m_s.lines;
    for (int i = 0; i < n; ++i) {
        const Role r = role(i);
        const qint64 a = amountOf(i);
        const int created = int(qint64(i) * 86000 / n);
        const char *status = "PAID";
        qint64 refunded = 0;
        QByteArray at = isoUtc(m_s.day, created);
        switch (r) {
        case Role::Late:
        case Role::ClosedNoLine:
            status = "CLOSED";
            break;
        case Role::Status:
            status = "PENDING";
            break;
        case Role::RefundYesterday:
        case Role::RefundMismatch:
            status = "PARTIALLY_REFUNDED";
            refunded = std::max<qint64>(1, a / 2);
            at = isoUtc(m_s.day, created - 86400);
            break;
        case Role::CrossDay:
            at = isoUtc(m_s.day, -30);
            break;
        default:
            break;
        }
        const QByteArray no = orderNo(i);
        sqlite3_bind_text(order, 1, no.constData(), int(no.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(order, 2, provider.constData(), int(provider.size()), SQLITE_STATIC);
        sqlite3_bind_int64(order, 3, a);
        sqlite3_bind_text(order, 4, status, -1, SQLITE_STATIC);
        sqlite3_bind_int64(order, 5, refunded);
        sqlite3_bind_text(order, 6, at.constData(), int(at.size()), SQLITE_TRANSIENT);
        if (sqlite3_step(order) != SQLITE_DONE)
            return fail();
        sqlite3_reset(order);
        if (refunded) {
            const qint64 local = r == Role::RefundMismatch ? refunded + 1 : refunded;
            const QByteArray req = "R" + no;
            const QByteArray rat = isoUtc(m_s.day, int(qint64(i) * 86000 / n));
            sqlite3_bind_int64(refund, 1, sqlite3_last_insert_rowid(db));
            sqlite3_bind_text(refund, 2, req.constData(), int(req.size()), SQLITE_TRANSIENT);
            sqlite3_bind_int64(refund, 3, local);
            sqlite3_bind_text(refund, 4, rat.constData(), int(rat.size()), SQLITE_TRANSIENT);
            if (sqlite3_step(refund) != SQLITE_DONE)
                return fail();
            sqlite3_reset(refund);
        }
    }
    sqlite3_finalize(order);
    sqlite3_finalize(refund);
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail();
    sqlite3_close(db);
    return {};
}

} // namespace paydesk::bench
