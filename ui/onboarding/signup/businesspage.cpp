#include "ui/onboarding/signup/businesspage.h"

#include "core/onboarding/businesscategory.h"
#include "ui/onboarding/pageids.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace paydesk::ui::onboarding {

using namespace paydesk::onboarding;
namespace F = ApplicationFields;

BusinessPage::BusinessPage(SignupSession &session, std::function<QString()> chosenProvider,
                           QWidget *parent)
    : SignupPage(session, paydesk::onboarding::BusinessPage, parent),
      m_chosenProvider(std::move(chosenProvider))
{
    setTitle(tr("Your business"));
    setSubTitle(tr("Exactly as on the business licence: the provider compares every "
                   "character."));
    auto *form = new QFormLayout(this);
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("merchantType"));
    for (const MerchantType t :
         {MerchantType::IndividualBusiness, MerchantType::Enterprise, MerchantType::Individual})
        m_type->addItem(ApplicationTexts::merchantTypeName(t), int(t));
    addField(form, tr("Merchant type"), m_type, QString::fromLatin1(F::merchantType));
    m_name = line("businessName");
    addField(form, tr("Registered name"), m_name, QString::fromLatin1(F::businessName));
    m_shortName = line("shortName");
    m_shortName->setPlaceholderText(tr("What buyers see on their receipt"));
    addField(form, tr("Short name"), m_shortName, QStringLiteral("business.short_name"));
    m_code = line("creditCode");
    m_code->setMaxLength(18);
    m_code->setPlaceholderText(tr("18 characters, e.g. 91512081MA62K0260E"));
    addField(form, tr("Unified Social Credit Code"), m_code, QString::fromLatin1(F::creditCode));
    m_category = new QComboBox(this);
    m_category->setObjectName(QStringLiteral("category"));
    m_category->addItem(tr("Choose…"), QString());
    for (const BusinessCategory &c : BusinessCategories::all())
        m_category->addItem(c.name, c.id);
    addField(form, tr("Business category"), m_category, QString::fromLatin1(F::category));
    m_taxpayer = new QComboBox(this);
    m_taxpayer->setObjectName(QStringLiteral("taxpayer"));
    m_taxpayer->addItem(tr("Small-scale taxpayer"), QStringLiteral("small_scale"));
    m_taxpayer->addItem(tr("General taxpayer"), QStringLiteral("general"));
    addField(form, tr("Taxpayer"), m_taxpayer, QStringLiteral("business.taxpayer"));
    m_address = line("address");
    addField(form, tr("Store address"), m_address, QStringLiteral("business.address"));
    m_phone = line("servicePhone");
    addField(form, tr("Customer service phone"), m_phone, QStringLiteral("business.phone"));
    m_wallet = line("walletAccount");
    addField(form, tr("Provider account"), m_wallet, QString::fromLatin1(F::walletAccount));
    m_contact = line("contactName");
    addField(form, tr("Contact person"), m_contact, QStringLiteral("business.contact_name"));
    m_mobile = line("contactMobile");
    addField(form, tr("Contact mobile"), m_mobile, QString::fromLatin1(F::contactMobile));
    m_email = line("contactEmail");
    addField(form, tr("Contact e-mail"), m_email, QStringLiteral("business.contact_email"));
    for (QComboBox *c : {m_type, m_category, m_taxpayer})
        connect(c, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
}

QLineEdit *BusinessPage::line(const char *name)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(QString::fromLatin1(name));
    connect(edit, &QLineEdit::textChanged, this, [this] { refresh(); });
    return edit;
}

void BusinessPage::load()
{
    // The provider chosen earlier in the wizard applies from here on.
    if (m_chosenProvider)
        if (const QString chosen = m_chosenProvider(); !chosen.isEmpty())
            m_session.application().provider = chosen;
    const BusinessInfo &b = m_session.application().business;
    m_type->setCurrentIndex(std::max(0, m_type->findData(int(b.type))));
    m_name->setText(b.name);
    m_shortName->setText(b.shortName);
    m_code->setText(b.creditCode);
    m_category->setCurrentIndex(std::max(0, m_category->findData(b.category)));
    m_taxpayer->setCurrentIndex(std::max(0, m_taxpayer->findData(b.taxpayer)));
    m_address->setText(b.address);
    m_phone->setText(b.servicePhone);
    m_wallet->setText(b.walletAccount);
    m_contact->setText(b.contactName);
    m_mobile->setText(b.contactMobile);
    m_email->setText(b.contactEmail);
    const SignupDescriptor *d = m_session.descriptor();
    const bool wallet = d && d->walletAccountLabel;
    m_wallet->parentWidget()->setVisible(wallet);
    if (auto *form = qobject_cast<QFormLayout *>(layout()))
        if (auto *label = qobject_cast<QLabel *>(form->labelForField(m_wallet->parentWidget()))) {
            label->setVisible(wallet);
            if (wallet)
                label->setText(d->walletAccountLabel());
        }
}

void BusinessPage::collect()
{
    BusinessInfo &b = m_session.application().business;
    b.type = MerchantType(m_type->currentData().toInt());
    b.name = m_name->text().trimmed();
    b.shortName = m_shortName->text().trimmed();
    b.creditCode = m_code->text().trimmed().toUpper();
    b.category = m_category->currentData().toString();
    b.taxpayer = m_taxpayer->currentData().toString();
    b.address = m_address->text().trimmed();
    b.servicePhone = m_phone->text().trimmed();
    b.walletAccount = m_wallet->text().trimmed();
    b.contactName = m_contact->text().trimmed();
    b.contactMobile = m_mobile->text().trimmed();
    b.contactEmail = m_email->text().trimmed();
    m_code->setEnabled(b.type != MerchantType::Individual);
}

QList<FieldIssue> BusinessPage::checks() const
{
    return ApplicationChecks::business(m_session.application(), m_session.descriptor());
}

} // namespace paydesk::ui::onboarding
