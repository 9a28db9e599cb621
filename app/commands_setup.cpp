#include "app/commands_setup.h"

#include "app/commandsupport.h"

#include "core/crypto/otp.h"
#include "core/onboarding/providerconnector.h"
#include "core/providers/providerregistry.h"
#include "core/security/headlessauth.h"
#include "core/security/operatorservice.h"
#include "core/util/clock.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QMap>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

// lupdate and the runtime agree on this context.
struct SetupCommands
{
    Q_DECLARE_TR_FUNCTIONS(SetupCommands)
};

QString optionName(const QString &fieldKey)
{
    QString name = fieldKey;
    return name.replace(u'_', u'-');
}

int exitFor(const QString &code)
{
    if (code == u"ok")
        return ExitOk;
    if (code == u"credentials.invalid" || code == u"provider.unknown" ||
        code == u"provider.not_connectable" || code == u"security.no_operator" ||
        code == u"security.no_password")
        return ExitUsage;
    if (code == u"provider.unreachable")
        return ExitUnreachable;
    return ExitRefused;
}

ConnectOutcome waitFor(const std::function<void(std::function<void(ConnectOutcome)>)> &start)
{
    std::optional<ConnectOutcome> outcome;
    QEventLoop loop;
    start([&](ConnectOutcome o) {
        outcome = std::move(o);
        loop.quit();
    });
    if (!outcome)
        loop.exec();
    return *outcome;
}

QJsonObject outcomeJson(const ConnectOutcome &o)
{
    QJsonObject json{{u"provider"_s, o.provider}, {u"environment"_s, o.environment},
                     {u"app_id"_s, o.appId},      {u"ok"_s, o.ok()},
                     {u"code"_s, o.code},         {u"probe_out_trade_no"_s, o.probeNumber}};
    if (!o.ok()) {
        json.insert(u"message"_s, o.problem.message);
        json.insert(u"field"_s, o.problem.field);
    }
    return json;
}

int failWith(const Output &out, const ConnectOutcome &o)
{
    QJsonObject extra;
    if (!o.problem.field.isEmpty())
        extra.insert(u"field"_s, o.problem.field);
    return out.error(exitFor(o.code), {o.code, o.problem.message}, extra);
}

} // namespace

QString setupCommandSummary()
{
    return SetupCommands::tr("Unattended first start: create the owner (password from "
                             "PAYDESK_PASSWORD).");
}

void declareSetupOptions(QCommandLineParser &p)
{
    p.addOption({u"owner"_s, SetupCommands::tr("The owner's name."), u"NAME"_s});
    p.addOption({u"totp"_s, SetupCommands::tr("Also enrol two-factor authentication and print "
                                              "its otpauth URI and recovery codes once.")});
}

int setupCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    const QString name = args.value(u"owner"_s).trimmed();
    if (name.isEmpty())
        return out.error(ExitUsage,
                         {u"usage.owner"_s, SetupCommands::tr("--owner NAME is required.")});
    const QString password = qEnvironmentVariable("PAYDESK_PASSWORD");
    if (password.isEmpty())
        return out.error(ExitUsage, {u"security.no_password"_s,
                                     SetupCommands::tr("Set PAYDESK_PASSWORD to the owner's "
                                                       "password.")});
    OperatorService &operators = ctx.operators();
    if (!operators.needsBootstrap())
        return out.error(ExitRefused,
                         {u"setup.done"_s, SetupCommands::tr("This till already has an owner; "
                                                             "log in instead.")});
    const PasswordAssessment strength = operators.passwordPolicy().assess(password, name);
    if (!strength.acceptable)
        return out.error(
            ExitUsage,
            {u"security.weak_password"_s,
             SetupCommands::tr("The password is too weak: %1").arg(strength.problems.join(u' '))},
            {{u"problems"_s, QJsonArray::fromStringList(strength.problems)}});
    if (auto owner = operators.bootstrapOwner(name, password); !owner.ok())
        return out.error(ExitRefused, owner.error());
    QJsonObject json{{u"owner"_s, name}, {u"role"_s, u"owner"_s}, {u"totp"_s, false}};
    QString text = SetupCommands::tr("Owner %1 created.").arg(name);
    if (args.isSet(u"totp"_s)) {
        auto session = operators.authenticate(name, password);
        if (!session.ok())
            return out.error(ExitRefused, session.error());
        Session s = session.value();
        auto enrollment = operators.beginTotpEnrollment(s);
        if (!enrollment.ok())
            return out.error(ExitRefused, enrollment.error());
        // Confirmed with the PREVIOUS time step's code (inside the ±1 step window), so the
        // current code is still unused for the script's next command (PAYDESK_TOTP).
        const auto secret = crypto::base32Decode(enrollment.value().secretBase32);
        if (!secret.ok())
            return out.error(ExitRefused, secret.error());
        const QString code =
            crypto::totp(secret.value(), ctx.clock().nowUtc().toSecsSinceEpoch() - 30);
        auto recovery = operators.confirmTotpEnrollment(s, code);
        if (!recovery.ok())
            return out.error(ExitRefused, recovery.error());
        json.insert(u"totp"_s, true);
        json.insert(u"otpauth_uri"_s, enrollment.value().otpauthUri);
        json.insert(u"recovery_codes"_s, QJsonArray::fromStringList(recovery.value()));
        text += u'\n' +
                SetupCommands::tr("Two-factor authentication is on. Add this to the owner's "
                                  "authenticator app (shown once):") +
                u'\n' + enrollment.value().otpauthUri + u'\n' +
                SetupCommands::tr("Recovery codes (each works once; shown once):") + u'\n' +
                recovery.value().join(u'\n');
    }
    return out.result(json, text);
}

QString providerCommandSummary()
{
    return SetupCommands::tr("Merchant accounts: paydesk provider add|test|list|remove "
                             "--operator OWNER.");
}

void declareProviderOptions(QCommandLineParser &p)
{
    p.addPositionalArgument(u"action"_s, SetupCommands::tr("add, test, list or remove."));
    p.addOption({u"operator"_s,
                 SetupCommands::tr("The owner (password from PAYDESK_PASSWORD, "
                                   "code from PAYDESK_TOTP)."),
                 u"NAME"_s});
    p.addOption({u"provider"_s, SetupCommands::tr("Provider id."), u"P"_s});
    p.addOption({u"environment"_s, SetupCommands::tr("Account environment (default: production)."),
                 u"E"_s});
    // Every credential field any provider of this build declares; a key two providers share
    // (e.g. gateway) is one option naming both.
    ProviderRegistry registry;
    registerBuiltinProviders(registry);
    QStringList order;
    QMap<QString, QStringList> uses; // option -> "label (provider)"
    for (const QString &id : registry.ids()) {
        for (const CredentialField &f : registry.find(id)->credentials.fields) {
            const QString option = optionName(f.key);
            if (!uses.contains(option))
                order << option;
            uses[option] << SetupCommands::tr("%1 (%2)").arg(f.label(), registry.displayName(id));
        }
    }
    for (const QString &option : order)
        p.addOption({option,
                     SetupCommands::tr("%1; @FILE reads it from a file.")
                         .arg(uses.value(option).join(u", "_s)),
                     u"VALUE"_s});
}

int providerCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    const QStringList positional = args.positionalArguments();
    const QString action = positional.value(0);
    if (positional.size() != 1 ||
        !QStringList{u"add"_s, u"test"_s, u"list"_s, u"remove"_s}.contains(action))
        return out.error(ExitUsage,
                         {u"usage"_s, SetupCommands::tr("Usage: paydesk provider "
                                                        "add|test|list|remove --operator OWNER "
                                                        "[--provider P] ...")});
    const QString providerId = args.value(u"provider"_s);
    const ProviderRegistry &registry = ctx.providerRegistry();
    if (action != u"list" && providerId.isEmpty())
        return out.error(ExitUsage, {u"usage.provider"_s,
                                     SetupCommands::tr("--provider is required; one of: %1.")
                                         .arg(registry.ids().join(u", "_s))});
    if (!providerId.isEmpty() && !registry.find(providerId))
        return out.error(
            ExitUsage,
            {u"provider.unknown"_s,
             SetupCommands::tr("No provider %1 is known to this build.").arg(providerId)});
    const QString environment = args.isSet(u"environment"_s)
                                    ? args.value(u"environment"_s)
                                    : ProviderConnector::productionEnvironment();

    // Read the credential values before asking for authority: a typo is answered at once.
    CredentialValues values;
    if (action == u"add") {
        for (const CredentialField &f : registry.find(providerId)->credentials.fields) {
            const QString option = optionName(f.key);
            if (!args.isSet(option))
                continue;
            QString value = args.value(option);
            if (value.startsWith(u'@')) {
                QFile file(value.mid(1));
                if (!file.open(QIODevice::ReadOnly))
                    return out.error(
                        ExitUsage,
                        {u"usage.file"_s, SetupCommands::tr("Cannot read %1 for --%2: %3")
                                              .arg(value.mid(1), option, file.errorString())},
                        {{u"field"_s, f.key}});
                value = QString::fromUtf8(file.readAll());
            }
            values.insert(f.key, value);
        }
    }

    auto session = authenticateHeadlessFromEnvironment(ctx.operators(), args.value(u"operator"_s));
    if (!session.ok())
        return out.error(exitFor(session.error().code), session.error());
    const Session owner = session.value();
    ProviderConnector connector(registry, ctx.database(), ctx.vault(), ctx.audit(), ctx.clock(),
                                {&ctx.network(), &ctx.clock()});

    if (action == u"add") {
        const ConnectOutcome o = waitFor([&](auto done) {
            connector.connectAccount(owner, providerId, values, std::move(done));
        });
        if (!o.ok())
            return failWith(out, o);
        return out.result(outcomeJson(o),
                          SetupCommands::tr("%1 account %2 connected: the provider answered the "
                                            "test query for %3 with a signed \"no such trade\". "
                                            "It is used from the next start.")
                              .arg(registry.displayName(o.provider), o.appId, o.probeNumber));
    }
    if (action == u"test") {
        const ConnectOutcome o = waitFor([&](auto done) {
            connector.testAccount(owner, providerId, environment, std::move(done));
        });
        if (!o.ok())
            return failWith(out, o);
        return out.result(outcomeJson(o), SetupCommands::tr("%1 account %2 works.")
                                              .arg(registry.displayName(o.provider), o.appId));
    }
    if (action == u"list") {
        auto accounts = connector.list(owner);
        if (!accounts.ok())
            return out.error(ExitRefused, accounts.error());
        QJsonArray list;
        QString text;
        for (const ProviderAccountStore::Summary &a : accounts.value()) {
            if (!providerId.isEmpty() && a.provider != providerId)
                continue;
            list.append(QJsonObject{{u"provider"_s, a.provider},
                                    {u"environment"_s, a.environment},
                                    {u"app_id"_s, a.appId},
                                    {u"gateway"_s, a.gateway},
                                    {u"created_at"_s, a.createdAt}});
            text += u"%1  %2  %3  %4\n"_s.arg(a.provider, a.environment, a.appId, a.gateway);
        }
        if (list.isEmpty())
            text = SetupCommands::tr("No merchant accounts.");
        return out.result({{u"accounts"_s, list}}, text);
    }
    auto removed = connector.remove(owner, providerId, environment);
    if (!removed.ok())
        return out.error(ExitRefused, removed.error());
    if (!removed.value())
        return out.error(ExitRefused, {u"provider.no_account"_s,
                                       SetupCommands::tr("This till has no %1 account in \"%2\".")
                                           .arg(registry.displayName(providerId), environment)});
    return out.result(
        {{u"provider"_s, providerId}, {u"environment"_s, environment}, {u"removed"_s, true}},
        SetupCommands::tr("%1 account in \"%2\" removed.")
            .arg(registry.displayName(providerId), environment));
}

} // namespace paydesk
