#pragma once

#include "core/announce/announcer.h"

#include <QObject>
#include <QQueue>

class QTextToSpeech;

namespace paydesk {

/// Speaks announcements through Qt TextToSpeech, one after another (a second payment never
/// cuts the first one short). Without a speech engine it stays silent and says so once
/// (available(), unavailableReason()); nothing it does can block a sale.
class SpeechAnnouncer : public QObject
{
    Q_OBJECT
public:
    /// \a engine: a Qt TextToSpeech engine name, empty = the best one present.
    explicit SpeechAnnouncer(const QString &engine = {}, QObject *parent = nullptr);
    ~SpeechAnnouncer() override;

    bool available() const;
    /// Why there is no voice, translated (empty when available()).
    QString unavailableReason() const { return m_unavailable; }
    /// Voice names for the current interface language.
    QStringList voiceNames() const;

    /// Applies volume, rate and voice, and follows the interface language.
    void configure(const AnnouncementSettings::Values &values);
    /// Queues \a text.
    void say(const QString &text);
    /// Usable as an Announcer sink.
    void announce(const Announcement &announcement) { say(announcement.text); }

private:
    void speakNext();

    QTextToSpeech *m_speech = nullptr;
    QString m_unavailable;
    QQueue<QString> m_queue;
    QString m_voice;
};

} // namespace paydesk
