#pragma once

#include <QByteArray>
#include <QDate>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace paydesk::sandbox {

/// What the sandbox's reviewer looks at, provider-neutral (each desk fills it from its wire
/// fields).
struct ReviewInput
{
    QMap<QString, QByteArray> images; ///< by the desk's own field name
    QString creditCode;               ///< empty when the merchant type has none
    QString businessName;
    QString legalName;
    QString holder;
    bool corporateAccount = true;
    bool checkHolder = false;
    QString category; ///< the desk's neutral category id, empty when unknown
    QDate idValidTo;
    bool idLongTerm = true;
};

/// One reason a real review rejects an application (ONBOARDING-PROTOCOLS §4).
struct ReviewFinding
{
    enum class Kind {
        UnclearImage,
        LowResolution,
        HolderMismatch,
        RestrictedCategory,
        InvalidLicenceCode,
        ExpiredId
    };
    Kind kind;
    QString field; ///< the desk's field name (images: the image's key)
};

/// The sandbox reviewer: deterministic rules mirroring the most common real rejections. A
/// photo is unclear or too small by the same measures Paydesk checks before uploading, so
/// a merchant who overrides nothing is never surprised.
class ReviewRules
{
public:
    /// Neutral categories every sandbox desk refuses unless the desk allows them.
    static QList<ReviewFinding> review(const ReviewInput &input, const QDate &today,
                                       const QStringList &restrictedCategories);
};

} // namespace paydesk::sandbox
