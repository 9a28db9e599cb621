#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QList>
#include <QLocale>
#include <QString>

namespace paydesk {

/// An ISO 4217 currency with its number of minor-unit digits.
struct Currency
{
    QString code = QStringLiteral("CNY");
    int minorDigits = 2;

    static Currency cny() { return {QStringLiteral("CNY"), 2}; }
    static std::optional<Currency> fromCode(const QString &code);
    QString symbol() const;
    friend bool operator==(const Currency &a, const Currency &b) { return a.code == b.code; }
};

/// An exact amount: integer minor units (fen) and a currency. Never built from a double.
class Money
{
    Q_DECLARE_TR_FUNCTIONS(Money)
public:
    Money() = default; // zero CNY
    static Money fromMinor(qint64 minor, Currency currency = Currency::cny());

    /// Strict parse of what a person typed: "12.3", "12.30", "¥1,234.50", "1 234,50" per
    /// \a locale. Rejects more decimals than the currency has, letters, empty input,
    /// negative amounts (unless \a allowNegative) and anything that overflows.
    static Result<Money> parse(QStringView text, const QLocale &locale,
                               Currency currency = Currency::cny(), bool allowNegative = false);
    /// Strict parse of a provider's decimal string ("12.34", "-0.50", "12"): '.' only.
    static Result<Money> fromDecimalString(QStringView text, Currency currency = Currency::cny());

    qint64 minor() const { return m_minor; }
    const Currency &currency() const { return m_currency; }
    bool isZero() const { return m_minor == 0; }
    bool isNegative() const { return m_minor < 0; }

    /// "¥1,234.50" (en) / "¥1,234.50" (zh_CN); with \a withSymbol false, "1,234.50".
    QString format(const QLocale &locale, bool withSymbol = true) const;
    /// "1234.50" — the exact decimal form providers want. No grouping, '.' separator.
    QString toDecimalString() const;

    Result<Money> plus(const Money &other) const;
    Result<Money> minus(const Money &other) const;
    Result<Money> times(qint64 factor) const;
    Money negated() const { return fromMinor(-m_minor, m_currency); }

    /// Splits this amount in proportion to \a weights; the parts always sum to exactly
    /// this amount (largest-remainder method, ties to the earlier part).
    Result<QList<Money>> allocate(const QList<qint64> &weights) const;
    /// \a basisPoints of this amount (1 bp = 0.01 %), rounded half away from zero.
    Result<Money> percentBasisPoints(qint64 basisPoints) const;

    friend bool operator==(const Money &a, const Money &b)
    {
        return a.m_minor == b.m_minor && a.m_currency == b.m_currency;
    }
    friend bool operator!=(const Money &a, const Money &b) { return !(a == b); }

private:
    Money(qint64 minor, Currency currency) : m_minor(minor), m_currency(std::move(currency)) {}
    Result<Money> sameCurrency(const Money &other) const;

    qint64 m_minor = 0;
    Currency m_currency;
};

} // namespace paydesk
