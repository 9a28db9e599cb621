#include "core/security/passwordpolicy.h"

#include "core/util/log.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

namespace paydesk {

namespace {

const QSet<QString> &commonList()
{
    static const QSet<QString> list = [] {
        QSet<QString> set;
        QFile f(QStringLiteral(":/security/common-passwords.txt"));
        if (!f.open(QIODevice::ReadOnly)) {
            qCCritical(lcSecurity) << "common password list missing from the build";
            return set;
        }
        while (!f.atEnd()) {
            const QString line = QString::fromUtf8(f.readLine()).trimmed().toLower();
            if (!line.isEmpty() && !line.startsWith(QLatin1Char('#')))
                set.insert(line);
        }
        return set;
    }();
    return list;
}

// Lower-case and drop separators so "Corner Shop" is found in "cornershop2024!".
QString squeezed(const QString &s)
{
    QString out;
    for (QChar c : s) {
        if (c.isLetterOrNumber())
            out += c.toLower();
    }
    return out;
}

bool isSequentialOrRepeated(const QString &s)
{
    if (s.size() < 3)
        return false;
    bool repeated = true, ascending = true, descending = true;
    for (int i = 1; i < s.size(); ++i) {
        const int d = s.at(i).unicode() - s.at(i - 1).unicode();
        repeated = repeated && d == 0;
        ascending = ascending && d == 1;
        descending = descending && d == -1;
    }
    return repeated || ascending || descending;
}

} // namespace

PasswordPolicy::PasswordPolicy(QString storeName) : m_storeName(std::move(storeName)) {}

bool PasswordPolicy::isCommon(const QString &password)
{
    const QString lower = password.toLower();
    const auto &list = commonList();
    if (list.contains(lower))
        return true;
    // "password123!" and "qwertyuiop1" are the common entry plus decoration.
    static const QRegularExpression decoration(QStringLiteral("[0-9!@#$%^&*.?_\\-]{1,4}$"));
    QString stripped = lower;
    stripped.remove(decoration);
    return stripped != lower && stripped.size() >= 6 && list.contains(stripped);
}

int PasswordPolicy::commonListSize()
{
    return int(commonList().size());
}

PasswordAssessment PasswordPolicy::assess(const QString &password,
                                          const QString &operatorName) const
{
    PasswordAssessment a;
    const int length = int(password.size());

    if (length < MinLength)
        a.problems << tr("Use at least %n characters.", nullptr, MinLength);
    if (isCommon(password))
        a.problems << tr(
            "This is one of the most common passwords; pick something less guessable.");

    const QString sq = squeezed(password);
    const QString store = squeezed(m_storeName);
    if (store.size() >= 3 && sq.contains(store))
        a.problems << tr("Do not use the store's name in the password.");
    const QString name = squeezed(operatorName);
    if (name.size() >= 3 && sq.contains(name))
        a.problems << tr("Do not use your own name in the password.");
    if (length > 0 && isSequentialOrRepeated(password))
        a.problems << tr("A run of the same or consecutive characters is easy to guess.");

    bool lower = false, upper = false, digit = false, other = false;
    QSet<QChar> distinct;
    for (QChar c : password) {
        distinct.insert(c);
        if (c.isLower())
            lower = true;
        else if (c.isUpper())
            upper = true;
        else if (c.isDigit())
            digit = true;
        else
            other = true;
    }
    const int classes = int(lower) + int(upper) + int(digit) + int(other);
    int pool = 0;
    pool += lower ? 26 : 0;
    pool += upper ? 26 : 0;
    pool += digit ? 10 : 0;
    pool += other ? 33 : 0;
    // Crude entropy estimate, capped by the variety actually used so "aaaaaaaaaaaa1" scores low.
    const int effectiveLength = std::min(length, int(distinct.size()) * 2);
    const double bits = pool > 0 ? effectiveLength * std::log2(double(pool)) : 0.0;

    if (bits < 28)
        a.score = 0;
    else if (bits < 40)
        a.score = 1;
    else if (bits < 56)
        a.score = 2;
    else if (bits < 72)
        a.score = 3;
    else
        a.score = 4;
    if (!a.problems.isEmpty())
        a.score = std::min(a.score, 1);
    if (isCommon(password))
        a.score = 0;

    if (classes < 3 && length < 16)
        a.hints << tr(
            "Mix upper and lower case letters, digits and symbols, or use a longer phrase.");
    if (length < 14)
        a.hints << tr("A longer passphrase of several unrelated words is stronger.");
    if (int(distinct.size()) * 2 < length)
        a.hints << tr("Avoid repeating the same characters.");

    a.acceptable = a.problems.isEmpty() && a.score >= 2;
    if (a.problems.isEmpty() && a.score < 2)
        a.problems << tr("Too easy to guess: make it longer or more varied.");
    return a;
}

} // namespace paydesk
