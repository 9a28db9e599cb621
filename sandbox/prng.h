#pragma once

#include <QString>
#include <QtGlobal>

namespace paydesk::sandbox {

/// SplitMix64: a tiny deterministic generator whose whole state is one number, so it can be
/// persisted with the sandbox state (ids stay unique across restarts) and replayed from a seed.
class Prng
{
public:
    explicit Prng(quint64 seed = 1) : m_state(seed) {}

    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    /// Uniform in [0, 1) with 53 bits; used only for fault probabilities, never for money.
    double nextUnit() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }

    /// \a count decimal digits.
    QString digits(int count)
    {
        QString out;
        out.reserve(count);
        for (int i = 0; i < count; ++i)
            out.append(QLatin1Char(char('0' + next() % 10)));
        return out;
    }

    /// \a count characters of [0-9a-z].
    QString alnum(int count)
    {
        static const char table[] = "0123456789abcdefghijklmnopqrstuvwxyz";
        QString out;
        out.reserve(count);
        for (int i = 0; i < count; ++i)
            out.append(QLatin1Char(table[next() % 36]));
        return out;
    }

    quint64 state() const { return m_state; }
    void setState(quint64 state) { m_state = state; }

private:
    quint64 m_state;
};

} // namespace paydesk::sandbox
