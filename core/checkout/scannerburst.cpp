#include "core/checkout/scannerburst.h"

namespace paydesk {

ScannerBurst::Outcome ScannerBurst::feed(QChar key, qint64 atMs)
{
    if (key == u'\r' || key == u'\n') {
        // The scanner's Enter may come a little later than its digits (USB polling).
        const bool scanned = m_digits.size() >= m_timing.minDigits && m_lastMs >= 0 &&
                             atMs - m_lastMs <= 2 * qint64(m_timing.maxIntervalMs);
        Outcome out{scanned ? Step::Complete : Step::NotABurst, scanned ? m_digits : QString()};
        reset();
        return out;
    }
    if (key >= u'0' && key <= u'9') {
        const bool quick = m_lastMs >= 0 && atMs - m_lastMs <= m_timing.maxIntervalMs;
        const bool starts = !quick || m_digits.isEmpty();
        if (starts)
            m_digits.clear();
        m_digits += key;
        m_lastMs = atMs;
        return {starts ? Step::Started : Step::Continued, {}};
    }
    reset();
    return {};
}

void ScannerBurst::reset()
{
    m_digits.clear();
    m_lastMs = -1;
}

} // namespace paydesk
