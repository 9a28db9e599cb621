#include "ui/onboarding/signup/reviewpage.h"

#include "core/onboarding/businesscategory.h"
#include "core/util/clock.h"
#include "ui/onboarding/pageids.h"

#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>
#include <QWizard>

namespace paydesk::ui::onboarding {

using namespace paydesk::onboarding;
namespace F = ApplicationFields;

namespace {
QString masked(const QString &secret)
{
    return secret.size() <= 4 ? secret : QString(secret.size() - 4, u'•') + secret.right(4);
}
QString row(const QString &label, const QString &value)
{
    return QStringLiteral("<tr><td style=\"color:#555;padding-right:12px\">%1</td><td>%2</td></tr>")
        .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
}
} // namespace

ReviewPage::ReviewPage(SignupSession &session, QWidget *parent)
    : SignupPage(session, paydesk::onboarding::ReviewPage, parent)
{
    setTitle(tr("Check and send"));
    setSubTitle(tr("This is what the provider will receive. Fix anything with Edit."));
    setButtonText(QWizard::NextButton, tr("Submit application"));
    auto *outer = new QVBoxLayout(this);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    auto *inner = new QWidget(scroll);
    auto *grid = new QGridLayout(inner);
    scroll->setWidget(inner);
    outer->addWidget(scroll);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("submitError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    outer->addWidget(m_error);
    const auto section = [&](const QString &title, int pageId, const char *name) {
        const int r = grid->rowCount();
        grid->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), inner),
                        r, 0);
        auto *edit = new QPushButton(tr("Edit"), inner);
        edit->setObjectName(QString::fromLatin1(name));
        connect(edit, &QPushButton::clicked, this, [this, pageId] { emit editRequested(pageId); });
        grid->addWidget(edit, r, 1, Qt::AlignRight);
        auto *body = new QLabel(inner);
        body->setTextFormat(Qt::RichText);
        body->setObjectName(QString::fromLatin1(name) + QStringLiteral("_summary"));
        grid->addWidget(body, r + 1, 0, 1, 2);
        m_sections.insert(pageId, body);
    };
    section(tr("Business"), paydesk::onboarding::BusinessPage, "edit_business");
    section(tr("Legal representative"), paydesk::onboarding::LegalRepresentativePage, "edit_legal");
    section(tr("Documents"), paydesk::onboarding::DocumentsPage, "edit_documents");
    section(tr("Bank account"), paydesk::onboarding::BankAccountPage, "edit_bank");
    section(tr("Payment features"), paydesk::onboarding::FeaturesPage, "edit_features");
}

void ReviewPage::load()
{
    m_submitted = false;
    m_error->clear();
    const MerchantApplication &a = m_session.application();
    const BusinessInfo &b = a.business;
    m_sections[paydesk::onboarding::BusinessPage]->setText(
        QStringLiteral("<table>") + row(tr("Type"), ApplicationTexts::merchantTypeName(b.type)) +
        row(tr("Registered name"), b.name) + row(tr("Credit code"), b.creditCode) +
        row(tr("Category"), BusinessCategories::nameOf(b.category)) +
        row(tr("Contact"), b.contactName + QStringLiteral(" ") + masked(b.contactMobile)) +
        QStringLiteral("</table>"));
    const LegalRepresentative &l = a.legal;
    m_sections[paydesk::onboarding::LegalRepresentativePage]->setText(
        QStringLiteral("<table>") + row(tr("Name"), l.name) +
        row(tr("ID number"), masked(l.idNumber)) +
        row(tr("Valid"), l.validFrom.toString(Qt::ISODate) + QStringLiteral(" – ") +
                             (l.longTerm ? tr("long-term") : l.validTo.toString(Qt::ISODate))) +
        QStringLiteral("</table>"));
    QString docs = QStringLiteral("<table>");
    for (const QString &d : MerchantApplication::requiredDocuments(b.type))
        docs += row(ApplicationTexts::fieldName(d), a.documents.value(d).fileName);
    m_sections[paydesk::onboarding::DocumentsPage]->setText(docs + QStringLiteral("</table>"));
    m_sections[paydesk::onboarding::BankAccountPage]->setText(
        QStringLiteral("<table>") + row(tr("Holder"), a.bank.holder) +
        row(tr("Bank"), a.bank.bank + QStringLiteral(" ") + a.bank.branch) +
        row(tr("Number"), masked(a.bank.number)) +
        row(tr("Verified"), a.bank.verified ? tr("yes") : tr("no")) + QStringLiteral("</table>"));
    QStringList ways;
    if (a.features.counterQr)
        ways << tr("counter QR");
    if (a.features.paymentCodes)
        ways << tr("payment codes");
    if (a.features.paymentLinks)
        ways << tr("payment links");
    m_sections[paydesk::onboarding::FeaturesPage]->setText(
        QStringLiteral("<table>") + row(tr("Ways to be paid"), ways.join(QStringLiteral(", "))) +
        QStringLiteral("</table>"));
}

QList<FieldIssue> ReviewPage::checks() const
{
    const MerchantApplication &a = m_session.application();
    QList<FieldIssue> all = ApplicationChecks::business(a, m_session.descriptor());
    all += ApplicationChecks::legal(a, m_session.clock().nowUtc().date());
    all += ApplicationChecks::documents(a);
    all += ApplicationChecks::features(a);
    return all;
}

bool ReviewPage::validatePage()
{
    if (m_submitted)
        return SignupPage::validatePage();
    if (m_submitting)
        return false;
    m_submitting = true;
    m_error->setText(tr("Sending…"));
    wizard()->button(QWizard::NextButton)->setEnabled(false);
    m_session.submit([this](Status sent) {
        m_submitting = false;
        wizard()->button(QWizard::NextButton)->setEnabled(true);
        if (!sent.ok()) {
            m_error->setText(sent.error().message);
            return;
        }
        m_error->clear();
        m_submitted = true;
        wizard()->next();
    });
    return false;
}

} // namespace paydesk::ui::onboarding
