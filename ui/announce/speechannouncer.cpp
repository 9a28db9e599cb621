#include "ui/announce/speechannouncer.h"

#include <QTextToSpeech>
#include <QVoice>

namespace paydesk {

namespace {

/// Engines in the order a Chinese counter is best served: speech-dispatcher (espeak-ng speaks
/// Mandarin), then flite (English only).
QString bestEngine()
{
    const QStringList engines = QTextToSpeech::availableEngines();
    for (const QString &preferred : {QStringLiteral("speechd"), QStringLiteral("flite")})
        if (engines.contains(preferred))
            return preferred;
    return engines.value(0);
}

} // namespace

SpeechAnnouncer::SpeechAnnouncer(const QString &engine, QObject *parent) : QObject(parent)
{
    const QString name = engine.isEmpty() ? bestEngine() : engine;
    if (name.isEmpty() || !QTextToSpeech::availableEngines().contains(name)) {
        m_unavailable = tr("No speech engine is installed, so payments are not announced. "
                           "Install the speech-dispatcher and espeak-ng packages "
                           "(qt6-speech-speechd-plugin, speech-dispatcher-espeak-ng) to hear "
                           "them; the till works the same without.");
        return;
    }
    m_speech = new QTextToSpeech(name, this);
    if (m_speech->state() == QTextToSpeech::Error) {
        m_unavailable = tr("The speech engine could not start (%1), so payments are not "
                           "announced. The till works the same without.")
                            .arg(m_speech->errorString());
        delete m_speech;
        m_speech = nullptr;
        return;
    }
    connect(m_speech, &QTextToSpeech::stateChanged, this, [this](QTextToSpeech::State state) {
        if (state == QTextToSpeech::Ready)
            speakNext();
    });
}

SpeechAnnouncer::~SpeechAnnouncer() = default;

bool SpeechAnnouncer::available() const
{
    return m_speech != nullptr;
}

QStringList SpeechAnnouncer::voiceNames() const
{
    QStringList names;
    if (!m_speech)
        return names;
    for (const QVoice &voice : m_speech->availableVoices())
        names << voice.name();
    return names;
}

void SpeechAnnouncer::configure(const AnnouncementSettings::Values &values)
{
    if (!m_speech)
        return;
    if (m_speech->locale().language() != QLocale().language())
        m_speech->setLocale(QLocale());
    m_speech->setVolume(values.volume);
    m_speech->setRate(values.rate);
    if (!values.voice.isEmpty())
        for (const QVoice &voice : m_speech->availableVoices())
            if (voice.name() == values.voice)
                m_speech->setVoice(voice);
}

void SpeechAnnouncer::say(const QString &text)
{
    if (!m_speech || text.isEmpty())
        return;
    m_queue.enqueue(text);
    if (m_speech->state() == QTextToSpeech::Ready)
        speakNext();
}

void SpeechAnnouncer::speakNext()
{
    if (!m_speech || m_queue.isEmpty() || m_speech->state() != QTextToSpeech::Ready)
        return;
    m_speech->say(m_queue.dequeue());
}

} // namespace paydesk
