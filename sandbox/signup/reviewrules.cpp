#include "sandbox/signup/reviewrules.h"

#include "core/onboarding/documentcheck.h"
#include "core/onboarding/validators.h"

#include <QBuffer>
#include <QImageReader>

namespace paydesk::sandbox {

using onboarding::DocumentCheck;

QList<ReviewFinding> ReviewRules::review(const ReviewInput &in, const QDate &today,
                                         const QStringList &restrictedCategories)
{
    QList<ReviewFinding> out;
    for (auto it = in.images.begin(); it != in.images.end(); ++it) {
        QBuffer buffer;
        buffer.setData(it.value());
        QImageReader reader(&buffer);
        const QImage image = reader.read();
        if (image.isNull() ||
            std::max(image.width(), image.height()) < DocumentCheck::minLongSide ||
            std::min(image.width(), image.height()) < DocumentCheck::minShortSide)
            out.append({ReviewFinding::Kind::LowResolution, it.key()});
        else if (DocumentCheck::sharpnessOf(image) < DocumentCheck::minSharpness ||
                 DocumentCheck::brightnessOf(image) < DocumentCheck::minBrightness)
            out.append({ReviewFinding::Kind::UnclearImage, it.key()});
    }
    if (!in.creditCode.isEmpty() &&
        !onboarding::Validators::unifiedSocialCreditCode(in.creditCode).ok())
        out.append({ReviewFinding::Kind::InvalidLicenceCode, {}});
    if (!in.category.isEmpty() && restrictedCategories.contains(in.category))
        out.append({ReviewFinding::Kind::RestrictedCategory, {}});
    if (in.checkHolder) {
        const auto type = in.corporateAccount ? onboarding::AccountType::Corporate
                                              : onboarding::AccountType::Personal;
        if (!onboarding::Validators::holderName(type, in.holder, in.businessName, in.legalName)
                 .ok())
            out.append({ReviewFinding::Kind::HolderMismatch, {}});
    }
    if (!in.idLongTerm && (!in.idValidTo.isValid() || in.idValidTo < today.addDays(60)))
        out.append({ReviewFinding::Kind::ExpiredId, {}});
    return out;
}

} // namespace paydesk::sandbox
