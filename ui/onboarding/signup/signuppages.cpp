#include "ui/onboarding/signup/signuppages.h"

#include "core/onboarding/signupsession.h"
#include "core/util/log.h"
#include "ui/onboarding/pageids.h"
#include "ui/onboarding/signup/bankpage.h"
#include "ui/onboarding/signup/businesspage.h"
#include "ui/onboarding/signup/documentspage.h"
#include "ui/onboarding/signup/featurespage.h"
#include "ui/onboarding/signup/legalreppage.h"
#include "ui/onboarding/signup/reviewpage.h"
#include "ui/onboarding/signup/statuspage.h"

#include <QTimer>
#include <QWizard>

namespace paydesk::ui::onboarding {

using namespace paydesk::onboarding;

int pageOfField(const QString &field)
{
    if (field.startsWith(u"legal."))
        return paydesk::onboarding::LegalRepresentativePage;
    if (field.startsWith(u"documents."))
        return paydesk::onboarding::DocumentsPage;
    if (field.startsWith(u"bank."))
        return paydesk::onboarding::BankAccountPage;
    if (field.startsWith(u"features"))
        return paydesk::onboarding::FeaturesPage;
    return paydesk::onboarding::BusinessPage;
}

void goToPage(QWizard *wizard, int pageId)
{
    if (wizard->visitedIds().contains(pageId)) {
        while (wizard->currentId() != pageId && wizard->currentId() != -1) {
            const int before = wizard->currentId();
            wizard->back();
            if (wizard->currentId() == before)
                break;
        }
        if (wizard->currentId() == pageId)
            return;
    }
    wizard->setStartId(pageId);
    wizard->restart();
}

int resumeSignup(SignupSession &session)
{
    auto page = session.resume();
    if (!page.ok()) {
        qCWarning(lcApp) << "signup draft not resumed:" << page.error().message;
        return -1;
    }
    return page.value();
}

void addSignupPages(QWizard *wizard, SignupContext context)
{
    SignupSession &session = *context.session;
    auto *business = new class BusinessPage(session, context.chosenProvider, wizard);
    auto *legal = new LegalRepPage(session, wizard);
    auto *documents = new class DocumentsPage(session, wizard);
    auto *bank = new BankPage(session, wizard);
    auto *features = new class FeaturesPage(session, wizard);
    auto *review = new class ReviewPage(session, wizard);
    auto *status = new class StatusPage(session, context.pollMs, wizard);
    wizard->setPage(paydesk::onboarding::BusinessPage, business);
    wizard->setPage(paydesk::onboarding::LegalRepresentativePage, legal);
    wizard->setPage(paydesk::onboarding::DocumentsPage, documents);
    wizard->setPage(paydesk::onboarding::BankAccountPage, bank);
    wizard->setPage(paydesk::onboarding::FeaturesPage, features);
    wizard->setPage(paydesk::onboarding::ReviewPage, review);
    wizard->setPage(paydesk::onboarding::StatusPage, status);

    QObject::connect(review, &ReviewPage::editRequested, wizard,
                     [wizard](int page) { goToPage(wizard, page); });
    QObject::connect(status, &StatusPage::fixRequested, wizard, [wizard](const QString &field) {
        const int page = pageOfField(field);
        goToPage(wizard, page);
        if (auto *p = qobject_cast<SignupPage *>(wizard->page(page)))
            QTimer::singleShot(0, p, [p, field] { p->focusField(field); });
    });
    if (context.onLive)
        QObject::connect(status, &StatusPage::live, wizard, context.onLive);
}

} // namespace paydesk::ui::onboarding
