#pragma once

#include "core/hq/hqendpoint.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <memory>
#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcHq)

namespace paydesk {

/// One connection to head office's PostgreSQL (Qt's QPSQL driver, i.e. libpq; TLS as the
/// endpoint's sslmode says). Like Database, used only from the thread that opened it.
class HqConnection
{
    Q_DECLARE_TR_FUNCTIONS(HqConnection)
public:
    ~HqConnection();
    HqConnection(const HqConnection &) = delete;
    HqConnection &operator=(const HqConnection &) = delete;

    static Result<std::unique_ptr<HqConnection>> open(const HqEndpoint &endpoint);

    QSqlDatabase connection() const;
    const HqEndpoint &endpoint() const { return m_endpoint; }
    /// Whether the server is still there as far as the driver knows (false after a failure
    /// that closed the session: the pusher then reconnects).
    bool isOpen() const;

    /// Prepares, binds positionally and executes \a sql; every failure is an Error.
    Result<QSqlQuery> exec(const QString &sql, const QVariantList &binds = {}) const;
    /// Runs \a script as it is (several statements, dollar quotes): migrations.
    Status execScript(const QString &script) const;
    Result<std::optional<QVariant>> scalar(const QString &sql,
                                           const QVariantList &binds = {}) const;
    Status begin() const;
    Status commit() const;
    void rollback() const;

private:
    HqConnection(HqEndpoint endpoint, QString name);
    HqEndpoint m_endpoint;
    QString m_name;
};

} // namespace paydesk
