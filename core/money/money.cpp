#include "core/money/money.h"

#include <QChar>

#include <limits>

namespace paydesk {

namespace {

__extension__ using Int128 = __int128; // exact intermediates for allocation and percentages

constexpr qint64 kMax = std::numeric_limits<qint64>::max();

qint64 pow10(int digits)
{
    qint64 p = 1;
    for (int i = 0; i < digits; ++i)
        p *= 10;
    return p;
}

Error parseError(const QString &code, const QString &message)
{
    return Error{code, message};
}

// Accumulates decimal digits into a non-negative value; false on overflow.
bool appendDigit(qint64 &value, int digit)
{
    if (value > (kMax - digit) / 10)
        return false;
    value = value * 10 + digit;
    return true;
}

bool isSpaceLike(QChar c)
{
    return c.isSpace() || c == QChar(0x00A0) || c == QChar(0x202F) || c == QChar(0x2009);
}

} // namespace

std::optional<Currency> Currency::fromCode(const QString &code)
{
    const QString c = code.toUpper();
    if (c == u"CNY")
        return Currency{c, 2};
    if (c == u"HKD" || c == u"USD" || c == u"EUR" || c == u"GBP")
        return Currency{c, 2};
    if (c == u"JPY" || c == u"KRW")
        return Currency{c, 0};
    return std::nullopt;
}

QString Currency::symbol() const
{
    if (code == u"CNY" || code == u"JPY")
        return QStringLiteral("¥");
    if (code == u"USD")
        return QStringLiteral("$");
    if (code == u"EUR")
        return QStringLiteral("€");
    if (code == u"GBP")
        return QStringLiteral("£");
    if (code == u"HKD")
        return QStringLiteral("HK$");
    return code + QLatin1Char(' ');
}

Money Money::fromMinor(qint64 minor, Currency currency)
{
    return Money(minor, std::move(currency));
}

Result<Money> Money::parse(QStringView input, const QLocale &locale, Currency currency,
                           bool allowNegative)
{
    QString text = input.toString().trimmed();
    if (text.isEmpty())
        return parseError(QStringLiteral("money.empty"), tr("Enter an amount."));

    bool negative = false;
    if (text.startsWith(QLatin1Char('-')) || text.startsWith(locale.negativeSign())) {
        negative = true;
        text = text.mid(text.startsWith(QLatin1Char('-')) ? 1 : locale.negativeSign().size())
                   .trimmed();
    }
    // Accept the currency's symbol or code in front ("¥12", "CNY 12", "￥12").
    for (const QString &prefix :
         {currency.symbol().trimmed(), currency.code, QStringLiteral("￥")}) {
        if (!prefix.isEmpty() && text.startsWith(prefix, Qt::CaseInsensitive)) {
            text = text.mid(prefix.size()).trimmed();
            break;
        }
    }
    if (!negative && text.startsWith(QLatin1Char('-'))) {
        negative = true;
        text = text.mid(1).trimmed();
    }
    if (text.isEmpty())
        return parseError(QStringLiteral("money.empty"), tr("Enter an amount."));

    const QString decimal = locale.decimalPoint();
    const QString group = locale.groupSeparator();
    // Locales whose decimal mark is ',' still get '.' typed on a numeric keypad; accept it
    // as the decimal mark when there is no ',' and it cannot be a group separator.
    const bool dotIsDecimal = decimal == u"." || (group != u"." && !text.contains(decimal));

    qint64 units = 0;
    qint64 fraction = 0;
    int fractionDigits = 0;
    bool seenDecimal = false;
    bool seenDigit = false;
    // After a group separator exactly three digits must follow, so "12.3" in a locale
    // that groups with '.' is an error instead of a silent 123.
    int groupDigits = -1;
    const auto groupBroken = [&groupDigits] { return groupDigits != -1 && groupDigits != 3; };
    const Error badGrouping{
        QStringLiteral("money.invalid"),
        tr("\"%1\" is not an amount: digit grouping is wrong.").arg(input.toString())};
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isDigit() && c.unicode() < 128) {
            seenDigit = true;
            if (!seenDecimal && groupDigits != -1)
                ++groupDigits;
            const int d = c.unicode() - '0';
            if (seenDecimal) {
                if (++fractionDigits > currency.minorDigits)
                    return parseError(QStringLiteral("money.too_many_decimals"),
                                      tr("Too many decimal places: at most %n allowed.", nullptr,
                                         currency.minorDigits));
                fraction = fraction * 10 + d;
            } else if (!appendDigit(units, d)) {
                return parseError(QStringLiteral("money.overflow"), tr("The amount is too large."));
            }
            continue;
        }
        const bool isDecimalMark =
            QStringView(text).mid(i).startsWith(decimal) || (dotIsDecimal && c == QLatin1Char('.'));
        if (isDecimalMark && !seenDecimal) {
            if (groupBroken())
                return badGrouping;
            if (currency.minorDigits == 0)
                return parseError(QStringLiteral("money.too_many_decimals"),
                                  tr("This currency has no decimal places."));
            seenDecimal = true;
            continue;
        }
        const bool isGroup = !seenDecimal && seenDigit &&
                             (QStringView(text).mid(i).startsWith(group) || c == QLatin1Char(',') ||
                              isSpaceLike(c)) &&
                             !(dotIsDecimal && c == QLatin1Char('.'));
        if (isGroup) {
            if (groupBroken())
                return badGrouping;
            groupDigits = 0;
            i += QStringView(text).mid(i).startsWith(group) ? int(group.size()) - 1 : 0;
            continue;
        }
        return parseError(QStringLiteral("money.invalid"),
                          tr("\"%1\" is not an amount. Use digits and at most one decimal mark.")
                              .arg(input.toString()));
    }
    if (!seenDecimal && groupBroken())
        return badGrouping;
    if (!seenDigit)
        return parseError(QStringLiteral("money.invalid"),
                          tr("\"%1\" is not an amount.").arg(input.toString()));
    for (int i = fractionDigits; i < currency.minorDigits; ++i)
        fraction *= 10;

    const qint64 scale = pow10(currency.minorDigits);
    if (units > (kMax - fraction) / scale)
        return parseError(QStringLiteral("money.overflow"), tr("The amount is too large."));
    qint64 minor = units * scale + fraction;
    if (negative) {
        if (!allowNegative)
            return parseError(QStringLiteral("money.negative"),
                              tr("The amount cannot be negative."));
        minor = -minor;
    }
    return Money(minor, std::move(currency));
}

Result<Money> Money::fromDecimalString(QStringView text, Currency currency)
{
    // Provider format: optional '-', digits, optional '.' and up to minorDigits digits.
    qint64 units = 0;
    qint64 fraction = 0;
    int fractionDigits = 0;
    int i = 0;
    bool negative = false;
    if (i < text.size() && text.at(i) == QLatin1Char('-')) {
        negative = true;
        ++i;
    }
    bool seenDigit = false;
    bool seenDot = false;
    for (; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c >= QLatin1Char('0') && c <= QLatin1Char('9')) {
            seenDigit = true;
            if (seenDot) {
                if (++fractionDigits > currency.minorDigits)
                    return Error{QStringLiteral("money.too_many_decimals"),
                                 tr("Malformed amount \"%1\".").arg(text.toString())};
                fraction = fraction * 10 + (c.unicode() - '0');
            } else if (!appendDigit(units, c.unicode() - '0')) {
                return Error{QStringLiteral("money.overflow"), tr("The amount is too large.")};
            }
        } else if (c == QLatin1Char('.') && !seenDot && seenDigit) {
            seenDot = true;
        } else {
            return Error{QStringLiteral("money.invalid"),
                         tr("Malformed amount \"%1\".").arg(text.toString())};
        }
    }
    if (!seenDigit || (seenDot && fractionDigits == 0))
        return Error{QStringLiteral("money.invalid"),
                     tr("Malformed amount \"%1\".").arg(text.toString())};
    for (int k = fractionDigits; k < currency.minorDigits; ++k)
        fraction *= 10;
    const qint64 scale = pow10(currency.minorDigits);
    if (units > (kMax - fraction) / scale)
        return Error{QStringLiteral("money.overflow"), tr("The amount is too large.")};
    const qint64 minor = units * scale + fraction;
    return Money(negative ? -minor : minor, std::move(currency));
}

QString Money::format(const QLocale &locale, bool withSymbol) const
{
    const qint64 scale = pow10(m_currency.minorDigits);
    // Work on the magnitude as unsigned so that the minimum qint64 formats too.
    const quint64 magnitude = m_minor < 0 ? quint64(0) - quint64(m_minor) : quint64(m_minor);
    const quint64 units = magnitude / quint64(scale);
    const quint64 fraction = magnitude % quint64(scale);

    QString text = locale.toString(units); // grouped per locale
    if (m_currency.minorDigits > 0)
        text += locale.decimalPoint() +
                QString::number(fraction).rightJustified(m_currency.minorDigits, QLatin1Char('0'));
    if (withSymbol)
        text.prepend(m_currency.symbol());
    if (m_minor < 0)
        text.prepend(locale.negativeSign());
    return text;
}

QString Money::toDecimalString() const
{
    const qint64 scale = pow10(m_currency.minorDigits);
    const quint64 magnitude = m_minor < 0 ? quint64(0) - quint64(m_minor) : quint64(m_minor);
    QString text = QString::number(magnitude / quint64(scale));
    if (m_currency.minorDigits > 0)
        text += QLatin1Char('.') + QString::number(magnitude % quint64(scale))
                                       .rightJustified(m_currency.minorDigits, QLatin1Char('0'));
    if (m_minor < 0)
        text.prepend(QLatin1Char('-'));
    return text;
}

Result<Money> Money::sameCurrency(const Money &other) const
{
    if (!(m_currency == other.m_currency))
        return Error{QStringLiteral("money.currency_mismatch"),
                     tr("Cannot combine %1 with %2.").arg(m_currency.code, other.m_currency.code)};
    return *this;
}

Result<Money> Money::plus(const Money &other) const
{
    if (auto check = sameCurrency(other); !check.ok())
        return check.error();
    qint64 sum = 0;
    if (__builtin_add_overflow(m_minor, other.m_minor, &sum))
        return Error{QStringLiteral("money.overflow"), tr("The amount is too large.")};
    return Money(sum, m_currency);
}

Result<Money> Money::minus(const Money &other) const
{
    if (auto check = sameCurrency(other); !check.ok())
        return check.error();
    qint64 diff = 0;
    if (__builtin_sub_overflow(m_minor, other.m_minor, &diff))
        return Error{QStringLiteral("money.overflow"), tr("The amount is too large.")};
    return Money(diff, m_currency);
}

Result<Money> Money::times(qint64 factor) const
{
    qint64 product = 0;
    if (__builtin_mul_overflow(m_minor, factor, &product))
        return Error{QStringLiteral("money.overflow"), tr("The amount is too large.")};
    return Money(product, m_currency);
}

Result<QList<Money>> Money::allocate(const QList<qint64> &weights) const
{
    if (weights.isEmpty())
        return Error{QStringLiteral("money.allocate_empty"),
                     tr("Nothing to split the amount into.")};
    Int128 total = 0;
    for (qint64 w : weights) {
        if (w < 0)
            return Error{QStringLiteral("money.allocate_negative"),
                         tr("Split weights cannot be negative.")};
        total += w;
    }
    if (total == 0)
        return Error{QStringLiteral("money.allocate_zero"), tr("Split weights add up to zero.")};

    // Largest remainder: floor every share, then hand the leftover minor units to the
    // parts with the largest remainders (earlier part wins a tie).
    const Int128 whole = m_minor < 0 ? -Int128(m_minor) : Int128(m_minor);
    QList<qint64> shares(weights.size());
    QList<Int128> remainders(weights.size());
    Int128 assigned = 0;
    for (int i = 0; i < weights.size(); ++i) {
        const Int128 scaled = whole * weights[i];
        shares[i] = qint64(scaled / total);
        remainders[i] = scaled % total;
        assigned += shares[i];
    }
    qint64 leftover = qint64(whole - assigned);
    QList<int> order(weights.size());
    for (int i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return remainders[a] > remainders[b]; });
    for (int k = 0; leftover > 0; ++k, --leftover)
        ++shares[order[k % order.size()]];

    QList<Money> parts;
    parts.reserve(shares.size());
    for (qint64 s : shares)
        parts.append(Money(m_minor < 0 ? -s : s, m_currency));
    return parts;
}

Result<Money> Money::percentBasisPoints(qint64 basisPoints) const
{
    const Int128 product = Int128(m_minor) * basisPoints;
    const Int128 magnitude = product < 0 ? -product : product;
    const Int128 rounded = (magnitude + 5000) / 10000; // half away from zero
    if (rounded > kMax)
        return Error{QStringLiteral("money.overflow"), tr("The amount is too large.")};
    return Money(qint64(product < 0 ? -rounded : rounded), m_currency);
}

} // namespace paydesk
