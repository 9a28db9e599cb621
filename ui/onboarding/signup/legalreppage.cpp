#include "ui/onboarding/signup/legalreppage.h"

#include "core/util/clock.h"
#include "ui/onboarding/pageids.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

namespace paydesk::ui::onboarding {

using namespace paydesk::onboarding;
namespace F = ApplicationFields;

LegalRepPage::LegalRepPage(SignupSession &session, QWidget *parent)
    : SignupPage(session, paydesk::onboarding::LegalRepresentativePage, parent)
{
    setTitle(tr("Legal representative"));
    setSubTitle(tr("The person named on the business licence, as on their ID card."));
    auto *form = new QFormLayout(this);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("legalName"));
    addField(form, tr("Name"), m_name, QString::fromLatin1(F::legalName));
    m_idType = new QComboBox(this);
    m_idType->setObjectName(QStringLiteral("idType"));
    m_idType->addItem(tr("Resident ID card (居民身份证)"), QStringLiteral("resident_id"));
    addField(form, tr("ID type"), m_idType, QStringLiteral("legal.id_type"));
    m_idNumber = new QLineEdit(this);
    m_idNumber->setObjectName(QStringLiteral("idNumber"));
    m_idNumber->setMaxLength(18);
    addField(form, tr("ID number"), m_idNumber, QString::fromLatin1(F::idNumber));

    auto *validity = new QWidget(this);
    auto *row = new QHBoxLayout(validity);
    row->setContentsMargins(0, 0, 0, 0);
    m_from = new QDateEdit(validity);
    m_from->setObjectName(QStringLiteral("validFrom"));
    m_to = new QDateEdit(validity);
    m_to->setObjectName(QStringLiteral("validTo"));
    for (QDateEdit *d : {m_from, m_to}) {
        d->setCalendarPopup(true);
        d->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        d->setMinimumDate(QDate(1950, 1, 1));
        connect(d, &QDateEdit::dateChanged, this, [this] { refresh(); });
    }
    m_longTerm = new QCheckBox(tr("Long-term (长期)"), validity);
    m_longTerm->setObjectName(QStringLiteral("longTerm"));
    row->addWidget(m_from);
    row->addWidget(new QLabel(tr("to"), validity));
    row->addWidget(m_to);
    row->addWidget(m_longTerm);
    addField(form, tr("Valid"), validity, QString::fromLatin1(F::idValidity));
    connect(m_name, &QLineEdit::textChanged, this, [this] { refresh(); });
    connect(m_idNumber, &QLineEdit::textChanged, this, [this] { refresh(); });
    connect(m_longTerm, &QCheckBox::toggled, this, [this](bool on) {
        m_to->setEnabled(!on);
        refresh();
    });
}

void LegalRepPage::load()
{
    const LegalRepresentative &l = m_session.application().legal;
    const QDate today = m_session.clock().nowUtc().date();
    m_name->setText(l.name);
    m_idNumber->setText(l.idNumber);
    m_from->setDate(l.validFrom.isValid() ? l.validFrom : today.addYears(-1));
    m_to->setDate(l.validTo.isValid() ? l.validTo : today.addYears(19));
    m_longTerm->setChecked(l.longTerm);
    m_to->setEnabled(!l.longTerm);
}

void LegalRepPage::collect()
{
    LegalRepresentative &l = m_session.application().legal;
    l.name = m_name->text().trimmed();
    l.idType = m_idType->currentData().toString();
    l.idNumber = m_idNumber->text().trimmed().toUpper();
    l.validFrom = m_from->date();
    l.validTo = m_to->date();
    l.longTerm = m_longTerm->isChecked();
}

QList<FieldIssue> LegalRepPage::checks() const
{
    return ApplicationChecks::legal(m_session.application(), m_session.clock().nowUtc().date());
}

} // namespace paydesk::ui::onboarding
