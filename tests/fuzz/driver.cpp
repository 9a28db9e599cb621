// Regression driver for the libFuzzer entry points in the normal (gcc) build: runs every file
// of the committed seed corpus, then a few thousand deterministic mutations of them. A crash or
// a failed invariant (abort) fails the test; libFuzzer itself runs via tests/fuzz/run.sh.
//
// Environment: PAYDESK_FUZZ_RUNS (mutations, default 10000), PAYDESK_FUZZ_SEED (default 1).

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QList>

#include <cstddef>
#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

struct Rng
{
    quint64 state;
    quint64 next()
    {
        // xorshift64*: small, fast, and the same sequence on every machine.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return state * 2685821657736338717ULL;
    }
    int below(int n) { return n <= 0 ? 0 : int(next() % quint64(n)); }
};

const QList<QByteArray> &tokens()
{
    static const QList<QByteArray> t{"{",
                                     "}",
                                     "[",
                                     "]",
                                     "\"",
                                     "\\",
                                     "\\u00",
                                     ",",
                                     ":",
                                     "%",
                                     "%2",
                                     "%FF",
                                     "&",
                                     "=",
                                     "+",
                                     "-",
                                     ".",
                                     "0",
                                     "9",
                                     "\t",
                                     "\n",
                                     "\r\n",
                                     "#",
                                     "\xc2\xa5",
                                     "\xef\xbc\x8c",
                                     "\xe2\x80\xaf",
                                     "\x00",
                                     "\xff\xfe",
                                     "99999999999999999999",
                                     "-0",
                                     "1e5",
                                     "sign=",
                                     "&sign_type=RSA2",
                                     "PK\x03\x04",
                                     "\xe6\x94\xaf",
                                     ",,,,",
                                     "\"\"",
                                     "null",
                                     "true"};
    return t;
}

QByteArray mutate(QByteArray in, const QList<QByteArray> &corpus, Rng &rng)
{
    const int steps = 1 + rng.below(4);
    for (int s = 0; s < steps; ++s) {
        const int pos = in.isEmpty() ? 0 : rng.below(int(in.size()));
        switch (rng.below(8)) {
        case 0: // flip a bit
            if (!in.isEmpty())
                in[pos] = char(in.at(pos) ^ (1 << rng.below(8)));
            break;
        case 1: // random byte
            if (!in.isEmpty())
                in[pos] = char(rng.below(256));
            break;
        case 2: // insert a byte
            in.insert(pos, char(rng.below(256)));
            break;
        case 3: // delete a range
            if (!in.isEmpty())
                in.remove(pos, 1 + rng.below(std::min<int>(16, int(in.size()) - pos)));
            break;
        case 4: // duplicate a chunk
            if (!in.isEmpty())
                in.insert(pos, in.mid(pos, 1 + rng.below(32)));
            break;
        case 5: // insert a token
            in.insert(pos, tokens().at(rng.below(int(tokens().size()))));
            break;
        case 6: // splice with another seed
            if (!corpus.isEmpty()) {
                const QByteArray &other = corpus.at(rng.below(int(corpus.size())));
                in = in.left(pos) + other.mid(other.isEmpty() ? 0 : rng.below(int(other.size())));
            }
            break;
        case 7: // truncate
            in.truncate(pos);
            break;
        }
    }
    return in.left(1 << 20);
}

void run(const QByteArray &input)
{
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(input.constData()),
                           size_t(input.size()));
}

} // namespace

int main(int argc, char **argv)
{
    QString corpusDir = QStringLiteral(PAYDESK_FUZZ_CORPUS);
    if (argc > 1)
        corpusDir = QString::fromLocal8Bit(argv[1]);
    QList<QByteArray> corpus;
    const QDir dir(corpusDir);
    for (const QString &name : dir.entryList(QDir::Files, QDir::Name)) {
        QFile f(dir.filePath(name));
        if (f.open(QIODevice::ReadOnly))
            corpus << f.readAll();
    }
    if (corpus.isEmpty()) {
        std::fprintf(stderr, "no seed corpus in %s\n", qPrintable(corpusDir));
        return 1;
    }
    bool ok = false;
    int runs = qEnvironmentVariableIntValue("PAYDESK_FUZZ_RUNS", &ok);
    if (!ok)
        runs = 10000;
    const int seed = qEnvironmentVariableIntValue("PAYDESK_FUZZ_SEED", &ok);
    Rng rng{quint64(ok && seed != 0 ? seed : 1) * 0x9E3779B97F4A7C15ULL};

    run(QByteArray());
    for (const QByteArray &seedInput : std::as_const(corpus))
        run(seedInput);
    for (int i = 0; i < runs; ++i)
        run(mutate(corpus.at(rng.below(int(corpus.size()))), corpus, rng));
    std::printf("%lld seeds and %d mutations ran clean\n", static_cast<long long>(corpus.size()),
                runs);
    return 0;
}
