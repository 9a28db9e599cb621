#pragma once

#include "util/result.h"

#include <QCoreApplication>
#include <QString>
#include <QUrl>

#include <memory>

namespace paydesk {

class Clock;
class Database;
class Ledger;
class SettingsStore;

struct AppOptions
{
    QString dataDir;    ///< empty = the platform's app data folder
    QUrl sandboxUrl;    ///< a standalone sandbox; empty = embedded
    QString language;   ///< empty = Translations::systemDefault()
};

/// The composition root's object graph: one per process, built from options, torn down
/// in reverse order. GUI and headless commands use the same graph.
class AppContext
{
    Q_DECLARE_TR_FUNCTIONS(AppContext)
public:
    static Result<std::unique_ptr<AppContext>> create(const AppOptions &options);
    ~AppContext();

    static QString defaultDataDir();
    QString dataDir() const { return m_dataDir; }
    QString databasePath() const;
    QString keyFilePath() const;

    Clock &clock() { return *m_clock; }
    Database &database() { return *m_db; }
    Ledger &ledger() { return *m_ledger; }
    SettingsStore &settings() { return *m_settings; }

private:
    AppContext() = default;

    QString m_dataDir;
    std::unique_ptr<Clock> m_clock;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<SettingsStore> m_settings;
};

} // namespace paydesk
