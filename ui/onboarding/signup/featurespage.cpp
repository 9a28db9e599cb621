#include "ui/onboarding/signup/featurespage.h"

#include "ui/onboarding/pageids.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QVBoxLayout>

namespace paydesk::ui::onboarding {

using namespace paydesk::onboarding;

FeaturesPage::FeaturesPage(SignupSession &session, QWidget *parent)
    : SignupPage(session, paydesk::onboarding::FeaturesPage, parent)
{
    setTitle(tr("Payment features"));
    setSubTitle(tr("How your customers will pay. You can change this later in Settings."));
    auto *form = new QFormLayout(this);
    auto *ways = new QWidget(this);
    auto *column = new QVBoxLayout(ways);
    column->setContentsMargins(0, 0, 0, 0);
    m_qr = new QCheckBox(tr("Counter QR code (the customer scans the till's screen)"), ways);
    m_qr->setObjectName(QStringLiteral("counterQr"));
    m_codes = new QCheckBox(tr("Payment codes (the till scans the customer's phone)"), ways);
    m_codes->setObjectName(QStringLiteral("paymentCodes"));
    m_links = new QCheckBox(tr("Payment links (for customers who are not in the store)"), ways);
    m_links->setObjectName(QStringLiteral("paymentLinks"));
    for (QCheckBox *c : {m_qr, m_codes, m_links}) {
        column->addWidget(c);
        connect(c, &QCheckBox::toggled, this, [this] { refresh(); });
    }
    addField(form, tr("Ways to be paid"), ways, QString::fromLatin1(ApplicationFields::features));
    m_invoice = new QComboBox(this);
    m_invoice->setObjectName(QStringLiteral("invoice"));
    m_invoice->addItem(tr("Electronic invoices (e-fapiao)"), QStringLiteral("electronic"));
    m_invoice->addItem(tr("Paper invoices"), QStringLiteral("paper"));
    m_invoice->addItem(tr("No invoices"), QStringLiteral("none"));
    addField(form, tr("Invoices"), m_invoice, QStringLiteral("features.invoice"));
    connect(m_invoice, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
}

void FeaturesPage::load()
{
    const PaymentFeatures &f = m_session.application().features;
    m_qr->setChecked(f.counterQr);
    m_codes->setChecked(f.paymentCodes);
    m_links->setChecked(f.paymentLinks);
    m_invoice->setCurrentIndex(std::max(0, m_invoice->findData(f.invoice)));
}

void FeaturesPage::collect()
{
    PaymentFeatures &f = m_session.application().features;
    f.counterQr = m_qr->isChecked();
    f.paymentCodes = m_codes->isChecked();
    f.paymentLinks = m_links->isChecked();
    f.invoice = m_invoice->currentData().toString();
}

QList<FieldIssue> FeaturesPage::checks() const
{
    return ApplicationChecks::features(m_session.application());
}

} // namespace paydesk::ui::onboarding
