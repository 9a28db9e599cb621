#include "appcontext.h"

#include "ledger/ledger.h"
#include "storage/database.h"
#include "storage/settingsstore.h"
#include "util/clock.h"

#include <QDir>
#include <QStandardPaths>

namespace paydesk {

AppContext::~AppContext() = default;

QString AppContext::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString AppContext::databasePath() const
{
    return QDir(m_dataDir).filePath(QStringLiteral("db/paydesk.sqlite"));
}

QString AppContext::keyFilePath() const
{
    // Outside the database folder: a copied database alone does not reveal secrets.
    return QDir(m_dataDir).filePath(QStringLiteral("keys/data.key"));
}

Result<std::unique_ptr<AppContext>> AppContext::create(const AppOptions &options)
{
    std::unique_ptr<AppContext> ctx(new AppContext);
    ctx->m_dataDir = QDir(options.dataDir.isEmpty() ? defaultDataDir() : options.dataDir).absolutePath();
    if (!QDir().mkpath(ctx->m_dataDir))
        return Error{QStringLiteral("app.data_dir"),
                     tr("Cannot create the data folder %1.").arg(ctx->m_dataDir)};
    ctx->m_clock = std::make_unique<SystemClock>();
    auto db = Database::open(ctx->databasePath());
    if (!db.ok())
        return db.error();
    ctx->m_db = std::move(db).value();
    ctx->m_ledger = std::make_unique<Ledger>(*ctx->m_db, *ctx->m_clock);
    ctx->m_settings = std::make_unique<SettingsStore>(*ctx->m_db);
    return ctx;
}

} // namespace paydesk
