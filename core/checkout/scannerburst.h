#pragma once

#include <QChar>
#include <QString>

namespace paydesk {

/// Tells a barcode scanner from a person at the keyboard. A scanner "types" a payment code as
/// a burst of digits, each key within a few milliseconds of the last, and ends it with Enter;
/// a person is slower. Feed every key press with its time; the view decides what to do with
/// the answer. Pure: no widgets, no clock of its own, so any timing can be tested exactly.
class ScannerBurst
{
public:
    struct Timing
    {
        int maxIntervalMs = 50; ///< keys further apart than this are a person
        int minDigits = 16;     ///< payment codes are at least this long
    };

    enum class Step {
        Started,   ///< this digit may begin a scan: remember what the focused field held before
        Continued, ///< one more digit of a possible scan
        Complete,  ///< Enter ended a scan: code is the payment code
        NotABurst, ///< Enter, or another key, that ends no scan: handle it as typed
    };

    struct Outcome
    {
        Step step = Step::NotABurst;
        QString code; ///< only with Complete

        bool complete() const { return step == Step::Complete; }
    };

    ScannerBurst() = default;
    explicit ScannerBurst(Timing timing) : m_timing(timing) {}

    void setTiming(Timing timing) { m_timing = timing; }
    Timing timing() const { return m_timing; }

    /// One key press at \a atMs (any monotonic milliseconds). \a key is the character typed:
    /// '\r' or '\n' for Enter, a null QChar for a key that types nothing (arrows, F-keys).
    /// Modifier keys alone (Shift, Ctrl) are not fed: they end nothing.
    Outcome feed(QChar key, qint64 atMs);
    /// Forgets a burst in progress (Esc, focus moved away).
    void reset();

private:
    Timing m_timing;
    QString m_digits;
    qint64 m_lastMs = -1;
};

} // namespace paydesk
