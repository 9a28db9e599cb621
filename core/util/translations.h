#pragma once

#include <QObject>
#include <QString>
#include <QTranslator>

#include <memory>

namespace paydesk {

/// Installs Paydesk's and Qt's own translations for a language at run time. Switching
/// removes the previous translators, so every widget gets a LanguageChange event.
class Translations
{
public:
    /// "zh_CN" or "en". Returns false when the language's catalogue is missing.
    bool use(const QString &language);
    QString current() const { return m_current; }
    static QStringList available() { return {QStringLiteral("zh_CN"), QStringLiteral("en")}; }
    /// The default for this machine: Chinese unless the environment asks for English.
    static QString systemDefault();

private:
    std::unique_ptr<QTranslator> m_app;
    std::unique_ptr<QTranslator> m_qt;
    QString m_current;
};

} // namespace paydesk
