#include "ui/announce/announcementsettingspage.h"

#include "ui/announce/speechannouncer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>

namespace paydesk {

AnnouncementSettingsPage::AnnouncementSettingsPage(AnnouncementSettings &settings,
                                                   SpeechAnnouncer &speech,
                                                   std::function<QString()> operatorName,
                                                   QWidget *parent)
    : QWidget(parent), m_settings(settings), m_speech(speech),
      m_operatorName(std::move(operatorName))
{
    setObjectName(QStringLiteral("announcementSettingsPage"));
    auto *layout = new QVBoxLayout(this);
    m_engineNote = new QLabel(this);
    m_engineNote->setObjectName(QStringLiteral("speechEngineNote"));
    m_engineNote->setWordWrap(true);
    m_engineNote->setStyleSheet(QStringLiteral("color: #8a5300;"));
    layout->addWidget(m_engineNote);

    auto *form = new QFormLayout;
    m_payments = new QCheckBox(this);
    m_payments->setObjectName(QStringLiteral("announcePayments"));
    m_refunds = new QCheckBox(this);
    m_refunds->setObjectName(QStringLiteral("announceRefunds"));
    m_duplicates = new QCheckBox(this);
    m_duplicates->setObjectName(QStringLiteral("announceDuplicates"));
    m_voice = new QComboBox(this);
    m_voice->setObjectName(QStringLiteral("announceVoice"));
    m_volume = new QSlider(Qt::Horizontal, this);
    m_volume->setObjectName(QStringLiteral("announceVolume"));
    m_volume->setRange(0, 100);
    m_rate = new QSlider(Qt::Horizontal, this);
    m_rate->setObjectName(QStringLiteral("announceRate"));
    m_rate->setRange(-100, 100);
    m_voiceLabel = new QLabel(this);
    m_volumeLabel = new QLabel(this);
    m_rateLabel = new QLabel(this);
    form->addRow(m_payments);
    form->addRow(m_refunds);
    form->addRow(m_duplicates);
    form->addRow(m_voiceLabel, m_voice);
    form->addRow(m_volumeLabel, m_volume);
    form->addRow(m_rateLabel, m_rate);
    layout->addLayout(form);

    m_test = new QPushButton(this);
    m_test->setObjectName(QStringLiteral("announceTestButton"));
    layout->addWidget(m_test, 0, Qt::AlignLeft);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("announceMessage"));
    layout->addWidget(m_message);
    layout->addStretch();

    load();
    retranslateUi();
    for (QCheckBox *box : {m_payments, m_refunds, m_duplicates})
        connect(box, &QCheckBox::toggled, this, &AnnouncementSettingsPage::save);
    connect(m_voice, &QComboBox::currentIndexChanged, this, &AnnouncementSettingsPage::save);
    connect(m_volume, &QSlider::sliderReleased, this, &AnnouncementSettingsPage::save);
    connect(m_rate, &QSlider::sliderReleased, this, &AnnouncementSettingsPage::save);
    connect(m_test, &QPushButton::clicked, this, [this] {
        save();
        const QString provider = m_sampleProvider.isEmpty() ? tr("Paydesk") : m_sampleProvider;
        m_speech.say(AnnouncementText::payment(provider, Money::fromMinor(1230), QLocale()));
    });
}

void AnnouncementSettingsPage::load()
{
    const AnnouncementSettings::Values v = m_settings.values();
    const QSignalBlocker b1(m_payments), b2(m_refunds), b3(m_duplicates), b4(m_voice);
    m_payments->setChecked(v.payments);
    m_refunds->setChecked(v.refunds);
    m_duplicates->setChecked(v.duplicates);
    m_voice->clear();
    m_voice->addItem(QString(), QString()); // the language's default voice
    for (const QString &name : m_speech.voiceNames())
        m_voice->addItem(name, name);
    m_voice->setCurrentIndex(std::max(0, m_voice->findData(v.voice)));
    m_volume->setValue(int(v.volume * 100));
    m_rate->setValue(int(v.rate * 100));
    const bool speech = m_speech.available();
    for (QWidget *w : std::initializer_list<QWidget *>{m_voice, m_volume, m_rate, m_test})
        w->setEnabled(speech);
    m_engineNote->setVisible(!speech);
    m_engineNote->setText(m_speech.unavailableReason());
    m_speech.configure(v);
}

void AnnouncementSettingsPage::save()
{
    AnnouncementSettings::Values v;
    v.payments = m_payments->isChecked();
    v.refunds = m_refunds->isChecked();
    v.duplicates = m_duplicates->isChecked();
    v.voice = m_voice->currentData().toString();
    v.volume = m_volume->value() / 100.0;
    v.rate = m_rate->value() / 100.0;
    if (Status saved = m_settings.apply(v, m_operatorName()); !saved.ok()) {
        m_message->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_message->setText(saved.error().message);
        return;
    }
    m_message->clear();
    m_speech.configure(v);
}

void AnnouncementSettingsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void AnnouncementSettingsPage::retranslateUi()
{
    m_payments->setText(tr("Announce each payment received (provider and amount)"));
    m_refunds->setText(tr("Announce refunds"));
    m_duplicates->setText(tr("Warn out loud about a possible duplicate charge"));
    m_voiceLabel->setText(tr("Voice:"));
    m_voice->setItemText(0, tr("Default for the language"));
    m_volumeLabel->setText(tr("Volume:"));
    m_rateLabel->setText(tr("Speed:"));
    m_test->setText(tr("Test the announcement"));
}

} // namespace paydesk
