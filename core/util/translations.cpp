#include "core/util/translations.h"

#include "core/util/log.h"

#include <QCoreApplication>
#include <QEvent>
#include <QLibraryInfo>
#include <QLocale>

namespace paydesk {

bool Translations::use(const QString &language)
{
    // English is the source language: its catalogue may be empty, and that is fine.
    auto app = std::make_unique<QTranslator>();
    const bool haveApp = app->load(QStringLiteral(":/i18n/paydesk_%1.qm").arg(language));
    if (!haveApp && language != u"en") {
        qCWarning(lcApp) << "no Paydesk translation for" << language;
        return false;
    }
    auto qt = std::make_unique<QTranslator>();
    const bool haveQt = qt->load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"),
                                 QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    if (m_app)
        QCoreApplication::removeTranslator(m_app.get());
    if (m_qt)
        QCoreApplication::removeTranslator(m_qt.get());
    m_app = haveApp ? std::move(app) : nullptr;
    m_qt = haveQt ? std::move(qt) : nullptr;
    if (m_qt)
        QCoreApplication::installTranslator(m_qt.get());
    if (m_app)
        QCoreApplication::installTranslator(m_app.get());
    if (!m_app && !m_qt) // nothing installed: tell widgets to retranslate to the source texts
        QCoreApplication::postEvent(QCoreApplication::instance(),
                                    new QEvent(QEvent::LanguageChange));
    QLocale::setDefault(QLocale(language == u"en" ? QStringLiteral("en_US") : language));
    m_current = language;
    return true;
}

QString Translations::systemDefault()
{
    const QString lang = qEnvironmentVariable("PAYDESK_LANG");
    if (!lang.isEmpty())
        return lang.startsWith(u"en") ? QStringLiteral("en") : QStringLiteral("zh_CN");
    return QStringLiteral("zh_CN");
}

} // namespace paydesk
