#pragma once

#include "sandbox/tradestore.h"

#include <QByteArray>
#include <QCoreApplication>

namespace paydesk::sandbox {

/// The page behind a QR code: what a buyer's phone would show after scanning. A person
/// can pay a sandbox trade from any browser with it.
class QrPage
{
    Q_DECLARE_TR_FUNCTIONS(QrPage)
public:
    /// The checkout page with amount, merchant and a Pay button posting to \a payPath.
    static QByteArray checkout(const Trade &trade, const QString &merchantName,
                               const QString &payPath);
    /// The page after pressing Pay: \a ok tells success, \a message says what happened.
    static QByteArray result(const Trade &trade, bool ok, const QString &message);
    static QByteArray notFound();

private:
    static QByteArray page(const QString &title, const QString &body);
};

} // namespace paydesk::sandbox
