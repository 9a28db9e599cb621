#include "core/announce/announcement.h"

#include "core/checkout/ordersnapshot.h"

#include <array>

namespace paydesk {

namespace {

const std::array<QChar, 10> kDigits = {u'零', u'一', u'二', u'三', u'四',
                                       u'五', u'六', u'七', u'八', u'九'};
const std::array<QStringView, 4> kPlaces = {u"", u"十", u"百", u"千"};
const std::array<QStringView, 4> kGroups = {u"", u"万", u"亿", u"万亿"};

bool isChinese(const QLocale &locale)
{
    return locale.language() == QLocale::Chinese;
}

/// 0..9999 in numerals; \a leading: the highest group of the number (no "一十" at its start).
QString groupWords(int group, bool leading)
{
    QString words;
    bool zeroPending = false;
    for (int place = 3; place >= 0; --place) {
        int divisor = 1;
        for (int i = 0; i < place; ++i)
            divisor *= 10;
        const int digit = (group / divisor) % 10;
        if (digit == 0) {
            zeroPending = !words.isEmpty();
            continue;
        }
        if (zeroPending)
            words += kDigits[0];
        zeroPending = false;
        // "十二", not "一十二", when the number starts in the tens place.
        if (!(leading && words.isEmpty() && place == 1 && digit == 1))
            words += kDigits[digit];
        words += kPlaces[place];
    }
    return words;
}

QString integerWords(qint64 n)
{
    if (n == 0)
        return QString(kDigits[0]);
    std::array<int, 4> groups{};
    int count = 0;
    for (qint64 rest = n; rest > 0 && count < 4; rest /= 10000)
        groups[count++] = int(rest % 10000);
    QString words;
    bool zeroPending = false;
    for (int g = count - 1; g >= 0; --g) {
        const int group = groups[g];
        if (group == 0) {
            zeroPending = true;
            continue;
        }
        const bool leading = words.isEmpty();
        // A skipped place between groups is read "零": 10,005 → 一万零五.
        if (!leading && (zeroPending || group < 1000))
            words += kDigits[0];
        zeroPending = false;
        words += groupWords(group, leading);
        words += kGroups[g];
    }
    return words;
}

} // namespace

QString AnnouncementText::chineseAmount(qint64 minor)
{
    if (minor < 0)
        minor = -minor;
    QString words = integerWords(minor / 100);
    const int tenths = int(minor / 10 % 10);
    const int hundredths = int(minor % 10);
    if (hundredths != 0)
        words += u'点' + QString(kDigits[tenths]) + kDigits[hundredths];
    else if (tenths != 0)
        words += u'点' + QString(kDigits[tenths]);
    return words;
}

QString AnnouncementText::spokenAmount(const Money &amount, const QLocale &locale)
{
    if (isChinese(locale))
        return chineseAmount(amount.minor());
    return amount.format(locale, false);
}

QString AnnouncementText::payment(const QString &providerName, const Money &amount,
                                  const QLocale &locale)
{
    //: Spoken when a wallet payment arrives. %1 provider name, %2 the amount as spoken
    //: (Chinese numerals in Chinese, e.g. 十二点三). Chinese: "%1到账%2元".
    return tr("%1 received %2 yuan").arg(providerName, spokenAmount(amount, locale));
}

QString AnnouncementText::refund(const Money &amount, const QLocale &locale)
{
    //: Spoken when a refund went through. %1 the amount as spoken. Chinese: "已退款%1元".
    return tr("Refunded %1 yuan").arg(spokenAmount(amount, locale));
}

QString AnnouncementText::duplicateCharge(const Money &amount, const QLocale &locale)
{
    //: Spoken when the till detects that a customer may have paid twice.
    return tr("Attention: possible duplicate charge of %1 yuan. Please check before the "
              "customer leaves.")
        .arg(spokenAmount(amount, locale));
}

std::optional<Announcement> AnnouncementText::forFinishedOrder(const OrderSnapshot &snapshot,
                                                               const QString &providerName,
                                                               const QLocale &locale)
{
    // Cash is counted by hand; a success flagged for a refund is announced as a duplicate by
    // its own signal, never as a sale.
    if (snapshot.status != OrderStatus::Paid || snapshot.kind == OrderKind::Cash ||
        snapshot.needsRefund)
        return std::nullopt;
    return Announcement{AnnouncementEvent::Payment, payment(providerName, snapshot.amount, locale)};
}

} // namespace paydesk
