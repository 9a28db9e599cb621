#pragma once

#include "core/money/money.h"

#include <QCoreApplication>
#include <QLocale>
#include <QString>

#include <optional>

namespace paydesk {

struct OrderSnapshot;

/// What the till says out loud (ARCHITECTURE §11): the money that arrived, a refund, a
/// duplicate charge. Only final facts are spoken — never a pending or unknown payment.
enum class AnnouncementEvent { Payment, Refund, DuplicateCharge };

struct Announcement
{
    AnnouncementEvent event = AnnouncementEvent::Payment;
    QString text; ///< in the language of the locale it was made for
};

/// The texts of the announcements, in the interface language. Chinese amounts are read the
/// way a counter's payment speaker reads them ("十二点三元", "一百点零五元", "一万元"),
/// English ones as digits ("12.30 yuan"), which every English voice reads well.
class AnnouncementText
{
    Q_DECLARE_TR_FUNCTIONS(AnnouncementText)
public:
    /// "<provider>到账十二点三元" / "<provider> received 12.30 yuan".
    static QString payment(const QString &providerName, const Money &amount, const QLocale &locale);
    /// "已退款十二点三元" / "Refunded 12.30 yuan".
    static QString refund(const Money &amount, const QLocale &locale);
    /// A distinct warning: "注意，可能重复收款十二点三元，请核对" / "Warning: possible ...".
    static QString duplicateCharge(const Money &amount, const QLocale &locale);

    /// The amount as spoken: Chinese numerals for a Chinese locale ("十二点三"), otherwise
    /// the decimal digits ("12.30"). No currency word.
    static QString spokenAmount(const Money &amount, const QLocale &locale);
    /// Chinese reading of a non-negative amount in minor units (fen): integer part in
    /// numerals up to 亿 with 零 where a place is skipped, decimals digit by digit with
    /// trailing zeros dropped.
    static QString chineseAmount(qint64 minor);

    /// The announcement for an order that just finished: a PAID wallet order is announced,
    /// anything else (closed, failed, cash) is not.
    static std::optional<Announcement> forFinishedOrder(const OrderSnapshot &snapshot,
                                                        const QString &providerName,
                                                        const QLocale &locale);
};

} // namespace paydesk
