#pragma once

#include "core/announce/announcer.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSlider;

namespace paydesk {

class SpeechAnnouncer;

/// Settings → Announcements: what the till says out loud (payments, refunds, duplicate
/// charges), the voice, volume and rate, and a test button. Without a speech engine it says so
/// and the controls stay disabled.
class AnnouncementSettingsPage : public QWidget
{
    Q_OBJECT
public:
    AnnouncementSettingsPage(AnnouncementSettings &settings, SpeechAnnouncer &speech,
                             std::function<QString()> operatorName, QWidget *parent = nullptr);

    /// The provider named by the test announcement (the till's default provider).
    void setSampleProvider(const QString &name) { m_sampleProvider = name; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void load();
    void save();
    void retranslateUi();

    AnnouncementSettings &m_settings;
    SpeechAnnouncer &m_speech;
    std::function<QString()> m_operatorName;
    QString m_sampleProvider;
    QLabel *m_engineNote;
    QCheckBox *m_payments;
    QCheckBox *m_refunds;
    QCheckBox *m_duplicates;
    QLabel *m_voiceLabel;
    QComboBox *m_voice;
    QLabel *m_volumeLabel;
    QSlider *m_volume;
    QLabel *m_rateLabel;
    QSlider *m_rate;
    QPushButton *m_test;
    QLabel *m_message;
};

} // namespace paydesk
