#include "core/hq/hqendpoint.h"

#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

namespace paydesk {

Result<HqEndpoint> HqEndpoint::parse(const QString &text, const QString &password)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const Error bad{QStringLiteral("hq.url"),
                    tr("\"%1\" is not a head-office address like "
                       "postgresql://till@hq.example.com:5432/paydesk?sslmode=verify-full.")
                        .arg(text)};
    if (!url.isValid() || (url.scheme() != u"postgresql" && url.scheme() != u"postgres"))
        return bad;
    HqEndpoint e;
    e.m_host = url.host();
    e.m_port = url.port(5432);
    e.m_database = url.path().mid(1);
    e.m_user = url.userName();
    e.m_password = password.isEmpty() ? url.password() : password;
    QStringList options;
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == u"host") {
            e.m_host = value;
            continue;
        }
        static const QStringList allowed{
            QStringLiteral("sslmode"),         QStringLiteral("sslrootcert"),
            QStringLiteral("sslcert"),         QStringLiteral("sslkey"),
            QStringLiteral("connect_timeout"), QStringLiteral("application_name")};
        if (!allowed.contains(key))
            return Error{QStringLiteral("hq.url_option"),
                         tr("The head-office address has an option Paydesk does not pass on: "
                            "%1.")
                             .arg(key)};
        options << key + QLatin1Char('=') + value;
    }
    if (e.m_database.isEmpty() || e.m_user.isEmpty() || e.m_host.isEmpty())
        return bad;
    e.m_options = options.join(QLatin1Char(';'));
    QUrl clean = url;
    clean.setPassword({});
    e.m_url = clean.toString();
    return e;
}

} // namespace paydesk
