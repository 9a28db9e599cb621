#include "app/commands_shift.h"

#include "app/appcontext.h"
#include "app/commandsupport.h"

#include "core/providers/providerregistry.h"
#include "core/security/headlessauth.h"
#include "core/security/operatorservice.h"
#include "core/settings/storesettings.h"
#include "core/shifts/shiftreport.h"
#include "core/shifts/shiftservice.h"

#include <QFile>
#include <QJsonArray>
#include <QLocale>

namespace paydesk {

namespace {

const QString kOperator = QStringLiteral("operator");
const QString kFloat = QStringLiteral("float");
const QString kAmount = QStringLiteral("amount");
const QString kCounted = QStringLiteral("counted");
const QString kDenominations = QStringLiteral("denominations");
const QString kReason = QStringLiteral("reason");
const QString kApprover = QStringLiteral("approver");
const QString kId = QStringLiteral("id");
const QString kPdf = QStringLiteral("pdf");
const QString kEscPos = QStringLiteral("escpos");

QJsonValue optionalMinor(const std::optional<Money> &m)
{
    return m ? QJsonValue(m->minor()) : QJsonValue();
}

QJsonObject summaryJson(const ShiftSummary &s)
{
    const Shift &shift = s.shift;
    QJsonArray takings;
    for (const ShiftTakings &t : s.takings)
        takings.append(QJsonObject{{QStringLiteral("provider"), t.provider},
                                   {QStringLiteral("kind"), orderKindName(t.kind)},
                                   {QStringLiteral("count"), t.count},
                                   {QStringLiteral("amount_minor"), t.amount.minor()},
                                   {QStringLiteral("refunded_minor"), t.refunded.minor()}});
    QJsonObject denominations;
    for (auto it = shift.denominations.cbegin(); it != shift.denominations.cend(); ++it)
        denominations.insert(QString::number(it.key()), it.value());
    return {
        {QStringLiteral("id"), shift.id},
        {QStringLiteral("till"), shift.till},
        {QStringLiteral("cashier"), shift.cashier},
        {QStringLiteral("status"),
         shift.isOpen() ? QStringLiteral("OPEN") : QStringLiteral("CLOSED")},
        {QStringLiteral("opened_at"), shift.openedAt.toString(Qt::ISODate)},
        {QStringLiteral("closed_at"), shift.closedAt.isValid()
                                          ? QJsonValue(shift.closedAt.toString(Qt::ISODate))
                                          : QJsonValue()},
        {QStringLiteral("opening_float_minor"), shift.openingFloat.minor()},
        {QStringLiteral("cash_sales_minor"), s.cashSales.minor()},
        {QStringLiteral("cash_refunds_minor"), s.cashRefunds.minor()},
        {QStringLiteral("payouts_minor"), s.payouts.minor()},
        {QStringLiteral("expected_cash_minor"),
         shift.expectedCash.value_or(s.expectedCash).minor()},
        {QStringLiteral("counted_cash_minor"), optionalMinor(shift.countedCash)},
        {QStringLiteral("difference_minor"), optionalMinor(shift.difference)},
        {QStringLiteral("reason"), shift.differenceReason},
        {QStringLiteral("approved_by"), shift.approvedBy},
        {QStringLiteral("denominations"), denominations},
        {QStringLiteral("paid_count"), s.paidCount},
        {QStringLiteral("gross_minor"), s.gross.minor()},
        {QStringLiteral("refunds_minor"), s.refunds.minor()},
        {QStringLiteral("net_minor"), s.net().minor()},
        {QStringLiteral("failed_count"), s.failedCount},
        {QStringLiteral("open_orders"), s.openOrders},
        {QStringLiteral("takings"), takings},
    };
}

Result<Money> amountOption(const QCommandLineParser &args, const QString &name)
{
    auto money = Money::parse(args.value(name), QLocale::c());
    if (!money.ok())
        return Error{QStringLiteral("usage"),
                     Commands::tr("--%1: %2").arg(name, money.error().message)};
    return money;
}

/// "100x3,50x1,0.5x4": face value in yuan × count.
Result<Denominations> denominationsOption(const QString &text)
{
    Denominations count;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList pair = part.trimmed().split(QLatin1Char('x'));
        bool ok = false;
        const int n = pair.size() == 2 ? pair.at(1).toInt(&ok) : 0;
        auto face = pair.size() == 2 ? Money::parse(pair.at(0), QLocale::c())
                                     : Result<Money>(Error{QStringLiteral("usage"), {}});
        if (!ok || n < 0 || !face.ok() || !cnyDenominations().contains(face.value().minor()))
            return Error{QStringLiteral("usage"),
                         Commands::tr("--denominations: \"%1\" is not a banknote or coin × "
                                      "count, e.g. 100x3,50x1,0.5x4.")
                             .arg(part.trimmed())};
        count[face.value().minor()] += n;
    }
    return count;
}

int refusal(const Output &out, const Error &error)
{
    const bool usage = error.code == QLatin1String("usage");
    return out.error(usage ? ExitUsage : ExitRefused, error);
}

QString summaryText(const ShiftReport &report)
{
    QString text = report.title() + QLatin1Char('\n');
    for (const ShiftReport::Line &line : report.lines())
        text += line.heading ? QStringLiteral("\n%1\n").arg(line.label)
                             : QStringLiteral("  %1: %2\n").arg(line.label, line.value);
    return text;
}

ShiftReport reportOf(AppContext &ctx, const ShiftSummary &summary)
{
    QMap<QString, QString> names;
    for (const QString &id : ctx.providerRegistry().ids())
        names.insert(id, ctx.providerRegistry().displayName(id));
    return ShiftReport(summary, ctx.storeName(), names);
}

int printSummary(AppContext &ctx, const QCommandLineParser &args, const Output &out,
                 const ShiftSummary &summary)
{
    const ShiftReport report = reportOf(ctx, summary);
    if (args.isSet(kPdf))
        if (Status pdf = report.toPdf(args.value(kPdf)); !pdf.ok())
            return out.error(ExitRefused, pdf.error());
    if (args.isSet(kEscPos)) {
        QFile file(args.value(kEscPos));
        if (!file.open(QIODevice::WriteOnly) || file.write(report.escPos()) < 0)
            return out.error(ExitRefused,
                             {QStringLiteral("shift.escpos"),
                              Commands::tr("Cannot write %1.").arg(args.value(kEscPos))});
    }
    return out.result({{QStringLiteral("shift"), summaryJson(summary)}}, summaryText(report));
}

} // namespace

void declareShiftOptions(QCommandLineParser &p)
{
    p.addPositionalArgument(QStringLiteral("action"),
                            Commands::tr("open, payout, close or report."));
    p.addOption({kOperator, Commands::tr("The cashier (password from PAYDESK_PASSWORD)."),
                 QStringLiteral("NAME")});
    p.addOption({kFloat, Commands::tr("open: cash in the drawer at the start, e.g. 200.00."),
                 QStringLiteral("AMOUNT")});
    p.addOption(
        {kAmount, Commands::tr("payout: cash taken out of the drawer."), QStringLiteral("AMOUNT")});
    p.addOption(
        {kCounted, Commands::tr("close: cash counted in the drawer."), QStringLiteral("AMOUNT")});
    p.addOption({kDenominations,
                 Commands::tr("close: the count by banknote and coin, e.g. 100x3,50x1,0.5x4."),
                 QStringLiteral("LIST")});
    p.addOption({kReason, Commands::tr("Why the drawer differs, or what a payout was for."),
                 QStringLiteral("TEXT")});
    p.addOption({kApprover,
                 Commands::tr("close: the manager confirming a difference over the limit "
                              "(PAYDESK_APPROVER_PASSWORD, PAYDESK_APPROVER_TOTP)."),
                 QStringLiteral("NAME")});
    p.addOption({kId, Commands::tr("report: the shift (default: the open or latest one)."),
                 QStringLiteral("N")});
    p.addOption({kPdf, Commands::tr("Also save the report as a PDF."), QStringLiteral("FILE")});
    p.addOption({kEscPos, Commands::tr("Also write the report as ESC/POS printer bytes."),
                 QStringLiteral("FILE")});
}

int shiftCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    const QStringList positional = args.positionalArguments();
    const QString action = positional.value(0);
    const QStringList actions{QStringLiteral("open"), QStringLiteral("payout"),
                              QStringLiteral("close"), QStringLiteral("report")};
    if (positional.size() != 1 || !actions.contains(action))
        return out.error(ExitUsage,
                         {QStringLiteral("usage"),
                          Commands::tr("Usage: paydesk shift open|payout|close|report …")});
    ShiftService &shifts = ctx.shifts();
    const QString till = ctx.storeSettings().tillIdentity();

    if (action == QLatin1String("report")) {
        qint64 id = args.value(kId).toLongLong();
        if (id <= 0) {
            auto recent = shifts.recent(till, 1);
            if (!recent.ok())
                return out.error(ExitRefused, recent.error());
            if (recent.value().isEmpty())
                return out.error(ExitRefused,
                                 {QStringLiteral("shift.none"),
                                  Commands::tr("No shift has been opened on this till yet.")});
            id = recent.value().first().id;
        }
        auto summary = shifts.summary(id);
        if (!summary.ok())
            return out.error(ExitRefused, summary.error());
        return printSummary(ctx, args, out, summary.value());
    }

    if (!args.isSet(kOperator))
        return out.error(ExitUsage,
                         {QStringLiteral("usage"), Commands::tr("--operator NAME is required.")});
    auto session = authenticateHeadlessFromEnvironment(ctx.operators(), args.value(kOperator));
    if (!session.ok())
        return out.error(ExitRefused, session.error());
    const QString who = session.value().operatorName();

    if (action == QLatin1String("open")) {
        auto openingFloat = amountOption(args, kFloat);
        if (!openingFloat.ok())
            return refusal(out, openingFloat.error());
        auto opened = shifts.open(till, who, openingFloat.value());
        if (!opened.ok())
            return refusal(out, opened.error());
        auto summary = shifts.summary(opened.value().id);
        return summary.ok() ? printSummary(ctx, args, out, summary.value())
                            : out.error(ExitRefused, summary.error());
    }

    auto current = shifts.current(till);
    if (!current.ok())
        return out.error(ExitRefused, current.error());
    if (!current.value())
        return out.error(ExitRefused, {QStringLiteral("shift.none_open"),
                                       Commands::tr("No shift is open on this till.")});
    const qint64 shiftId = current.value()->id;

    if (action == QLatin1String("payout")) {
        auto amount = amountOption(args, kAmount);
        if (!amount.ok())
            return refusal(out, amount.error());
        auto paid = shifts.payout(shiftId, amount.value(), args.value(kReason), who);
        if (!paid.ok())
            return refusal(out, paid.error());
        auto summary = shifts.summary(shiftId);
        return summary.ok() ? printSummary(ctx, args, out, summary.value())
                            : out.error(ExitRefused, summary.error());
    }

    // close
    auto counted = amountOption(args, kCounted);
    if (!counted.ok())
        return refusal(out, counted.error());
    ShiftService::CloseRequest request;
    request.counted = counted.value();
    request.reason = args.value(kReason);
    request.closedBy = who;
    if (args.isSet(kDenominations)) {
        auto denominations = denominationsOption(args.value(kDenominations));
        if (!denominations.ok())
            return refusal(out, denominations.error());
        request.denominations = denominations.value();
    }
    std::optional<Session> approver;
    if (args.isSet(kApprover)) {
        auto approving = authenticateHeadless(ctx.operators(), args.value(kApprover),
                                              qEnvironmentVariable("PAYDESK_APPROVER_PASSWORD"),
                                              qEnvironmentVariable("PAYDESK_APPROVER_TOTP"));
        if (!approving.ok())
            return out.error(ExitRefused, approving.error());
        approver = approving.value();
        request.approver = &*approver;
    }
    auto closed = shifts.close(shiftId, request, ctx.storeSettings().cashDifferenceLimit());
    if (!closed.ok())
        return refusal(out, closed.error());
    return printSummary(ctx, args, out, closed.value());
}

} // namespace paydesk
