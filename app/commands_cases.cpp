#include "app/commands_cases.h"

#include "app/appcontext.h"

#include "core/cases/casedesk.h"
#include "core/cases/caserefunder.h"
#include "core/cases/caserepository.h"
#include "core/cases/caseservice.h"
#include "core/cases/casetext.h"
#include "core/cases/duplicatedetector.h"
#include "core/security/headlessauth.h"

#include <QCommandLineParser>
#include <QJsonArray>

namespace paydesk {

namespace {

QJsonObject caseJson(const Case &c)
{
    QJsonObject o{{QStringLiteral("id"), c.id},
                  {QStringLiteral("kind"), caseKindName(c.kind)},
                  {QStringLiteral("status"), caseStatusName(c.status)},
                  {QStringLiteral("orders"), QJsonArray::fromStringList(c.orders())},
                  {QStringLiteral("amount_minor"), c.amount.minor()},
                  {QStringLiteral("refund_out_trade_no"), c.refundOutTradeNo},
                  {QStringLiteral("suggested_action"), CaseText::suggestedAction(c)},
                  {QStringLiteral("detected_at"), c.detectedAt.toString(Qt::ISODate)}};
    if (!c.resolution.isEmpty()) {
        o.insert(QStringLiteral("resolution"), c.resolution);
        o.insert(QStringLiteral("reason"), c.reason);
        o.insert(QStringLiteral("resolved_by"), c.resolvedBy);
    }
    if (!c.refundOutRequestNo.isEmpty())
        o.insert(QStringLiteral("out_request_no"), c.refundOutRequestNo);
    return o;
}

QString caseLine(const Case &c)
{
    return QStringLiteral("#%1  %2  %3  %4  %5\n    %6\n")
        .arg(c.id)
        .arg(caseKindName(c.kind), caseStatusName(c.status), c.amount.format(QLocale()),
             c.orders().join(QStringLiteral(", ")), CaseText::suggestedAction(c));
}

int listCases(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    CaseDesk &desk = ctx.caseDesk();
    // The list is only as good as the last scan: look again (database only, no provider).
    if (auto scanned = desk.detector().scanAll(QStringLiteral("command")); !scanned.ok())
        return out.error(ExitRefused, scanned.error());
    auto cases = desk.cases().list(!args.isSet(QStringLiteral("all")));
    if (!cases.ok())
        return out.error(ExitRefused, cases.error());
    QJsonArray list;
    QString text;
    for (const Case &c : cases.value()) {
        list.append(caseJson(c));
        text += caseLine(c);
    }
    if (list.isEmpty())
        text = Commands::tr("No duplicate-charge cases.");
    return out.result({{QStringLiteral("cases"), list}}, text);
}

int resolveCase(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    bool idOk = false;
    const qint64 caseId = args.value(QStringLiteral("resolve")).toLongLong(&idOk);
    if (!idOk || caseId <= 0)
        return out.error(ExitUsage, {QStringLiteral("usage.case"),
                                     Commands::tr("--resolve needs a case number, e.g. 3.")});
    const QString action = args.value(QStringLiteral("action"));
    if (action != u"refund" && action != u"dismiss")
        return out.error(ExitUsage, {QStringLiteral("usage.action"),
                                     Commands::tr("--action must be refund or dismiss.")});
    const QString reason = args.value(QStringLiteral("reason"));
    if (auto r = CaseService::checkReason(reason); !r.ok())
        return out.error(ExitUsage, r.error());
    const QString operatorName = args.value(QStringLiteral("operator"));
    if (operatorName.isEmpty())
        return out.error(ExitUsage,
                         {QStringLiteral("usage.operator"),
                          Commands::tr("Resolving a case needs --operator NAME (password in "
                                       "PAYDESK_PASSWORD, code in PAYDESK_TOTP).")});
    auto session = authenticateHeadlessFromEnvironment(ctx.operators(), operatorName);
    if (!session.ok())
        return out.error(ExitRefused, session.error());
    CaseDesk &desk = ctx.caseDesk();
    auto before = desk.cases().byId(caseId);
    if (!before.ok())
        return out.error(ExitRefused, before.error());
    if (!before.value())
        return out.error(ExitRefused, {QStringLiteral("cases.no_such_case"),
                                       Commands::tr("There is no case %1.").arg(caseId)});
    if (action == u"dismiss") {
        auto dismissed = desk.service().dismiss(caseId, reason, session.value());
        if (!dismissed.ok())
            return out.error(ExitRefused, dismissed.error());
        return out.result({{QStringLiteral("cases"), QJsonArray{caseJson(dismissed.value())}}},
                          caseLine(dismissed.value()));
    }
    CaseRefunder *refunder = desk.refunder();
    if (!refunder)
        return out.error(ExitRefused, {QStringLiteral("cases.no_refunds"),
                                       Commands::tr("Refunds are not set up on this till.")});
    // Authority and the case's state are checked before the provider is started.
    if (auto allowed = refunder->approval(*before.value(), session.value()); !allowed.ok())
        return out.error(ExitRefused, allowed.error());
    if (auto started = ctx.startProviders(); !started.ok())
        return out.error(ExitUnreachable, started.error());
    std::optional<Result<Case>> outcome;
    refunder->resolve(caseId, reason, session.value(),
                      [&outcome](const Result<Case> &r) { outcome = r; });
    waitUntil([&] { return outcome.has_value(); }, 60000);
    if (!outcome)
        return out.error(ExitUnreachable,
                         {QStringLiteral("cases.refund_pending"),
                          Commands::tr("The refund is decided but the provider has not answered "
                                       "yet. Run the same command again: it refunds once.")});
    if (!outcome->ok())
        return out.error(ExitRefused, outcome->error());
    const Case &c = outcome->value();
    return out.result({{QStringLiteral("cases"), QJsonArray{caseJson(c)}}}, caseLine(c),
                      c.status == CaseStatus::Refunded ? ExitOk : ExitUnreachable);
}

} // namespace

void declareDuplicatesOptions(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("all"), Commands::tr("Also list resolved cases.")});
    p.addOption(
        {QStringLiteral("resolve"), Commands::tr("Resolve this case."), QStringLiteral("CASE")});
    p.addOption({QStringLiteral("action"),
                 Commands::tr("How: refund (the later charge) or dismiss."),
                 QStringLiteral("refund|dismiss")});
    p.addOption({QStringLiteral("reason"), Commands::tr("Why (required to resolve)."),
                 QStringLiteral("R")});
    p.addOption({QStringLiteral("operator"),
                 Commands::tr("Manager or owner resolving the case (password in "
                              "PAYDESK_PASSWORD, code in PAYDESK_TOTP)."),
                 QStringLiteral("NAME")});
}

int duplicatesCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    if (args.isSet(QStringLiteral("resolve")))
        return resolveCase(ctx, args, out);
    if (args.isSet(QStringLiteral("action")) || args.isSet(QStringLiteral("reason")))
        return out.error(ExitUsage,
                         {QStringLiteral("usage"),
                          Commands::tr("--action and --reason go with --resolve CASE.")});
    return listCases(ctx, args, out);
}

} // namespace paydesk
