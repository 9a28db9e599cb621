#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QString>

namespace paydesk {

/// Where head office's PostgreSQL is: a libpq-style URL
/// `postgresql://ROLE@HOST:PORT/DB?sslmode=verify-full&sslrootcert=FILE` (HOST may be a unix
/// socket folder given as `?host=/run/postgresql`). The password is kept apart: it is a
/// secret (the till stores it in its SecretVault), the URL is not.
class HqEndpoint
{
    Q_DECLARE_TR_FUNCTIONS(HqEndpoint)
public:
    static Result<HqEndpoint> parse(const QString &url, const QString &password = {});

    QString host() const { return m_host; }
    int port() const { return m_port; }
    QString database() const { return m_database; }
    QString user() const { return m_user; }
    QString password() const { return m_password; }
    void setPassword(const QString &password) { m_password = password; }
    /// libpq options other than host/port/db/user/password (sslmode, sslrootcert, ...), as
    /// QPSQL's "key=value;key=value" connect options.
    QString connectOptions() const { return m_options; }
    /// The URL without a password: for settings, logs and screens.
    QString url() const { return m_url; }

private:
    QString m_host;
    int m_port = 5432;
    QString m_database;
    QString m_user;
    QString m_password;
    QString m_options;
    QString m_url;
};

} // namespace paydesk
