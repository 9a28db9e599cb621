#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace paydesk {

/// What PasswordPolicy thinks of a password. Usable directly by a strength meter.
struct PasswordAssessment
{
    bool acceptable = false;
    int score = 0;        ///< 0 (terrible) .. 4 (strong)
    QStringList problems; ///< translated; any problem makes the password unacceptable
    QStringList hints;    ///< translated suggestions that do not block
};

/// Operator password rules: at least MinLength characters, not on the shipped list of common
/// passwords (resources/security/common-passwords.txt, case-insensitive, also with trailing
/// digits/punctuation stripped), and not containing the store's name or the operator's own name.
class PasswordPolicy
{
    Q_DECLARE_TR_FUNCTIONS(PasswordPolicy)
public:
    static constexpr int MinLength = 10;

    explicit PasswordPolicy(QString storeName = {});
    void setStoreName(const QString &storeName) { m_storeName = storeName; }
    QString storeName() const { return m_storeName; }

    PasswordAssessment assess(const QString &password, const QString &operatorName = {}) const;

    /// True when \a password (case-insensitively) is on the common list.
    static bool isCommon(const QString &password);
    /// Number of entries in the shipped list (0 means the resource is missing: a build bug).
    static int commonListSize();

private:
    QString m_storeName;
};

} // namespace paydesk
