// zh_CN is first-class: every message is translated, keeps its placeholders, and the
// compiled catalogue is the one the app loads.
#include "core/util/translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QXmlStreamReader>

using namespace paydesk;

namespace {

struct Message
{
    QString context;
    QString source;
    QStringList translations;
    bool unfinished = false;
    bool numerus = false;
};

QList<Message> readTs(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QXmlStreamReader xml(&f);
    QList<Message> messages;
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == u"name") {
            context = xml.readElementText();
        } else if (name == u"message") {
            current = Message{context,
                              {},
                              {},
                              false,
                              xml.attributes().value(QStringLiteral("numerus")) == u"yes"};
        } else if (name == u"source") {
            current.source = xml.readElementText();
        } else if (name == u"translation") {
            const auto type = xml.attributes().value(QStringLiteral("type"));
            current.unfinished = type == u"unfinished";
            if (type == u"vanished" || type == u"obsolete")
                continue;
            if (current.numerus) {
                while (xml.readNextStartElement())
                    current.translations << xml.readElementText();
            } else {
                current.translations << xml.readElementText();
            }
            messages << current;
        }
    }
    return messages;
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(?:L?\\d+|n)"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found << it.next().captured(0);
    found.sort();
    found.removeDuplicates();
    return found;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private slots:
    void chineseIsComplete();
    void englishPluralsAreComplete();
    void catalogueIsLoadedAtRunTime();
};

void TestTranslations::chineseIsComplete()
{
    const QList<Message> messages = readTs(QStringLiteral(PAYDESK_TS_DIR "/paydesk_zh_CN.ts"));
    QVERIFY(messages.size() > 300);
    for (const Message &m : messages) {
        const QString where = m.context + QStringLiteral(": ") + m.source;
        QVERIFY2(!m.unfinished, qPrintable(QStringLiteral("unfinished: ") + where));
        QVERIFY2(!m.translations.isEmpty() && !m.translations.first().trimmed().isEmpty(),
                 qPrintable(QStringLiteral("untranslated: ") + where));
        for (const QString &t : m.translations)
            QVERIFY2(placeholders(t) == placeholders(m.source),
                     qPrintable(QStringLiteral("placeholders differ: ") + where));
    }
}

void TestTranslations::englishPluralsAreComplete()
{
    for (const Message &m : readTs(QStringLiteral(PAYDESK_TS_DIR "/paydesk_en.ts"))) {
        if (!m.numerus)
            continue;
        QVERIFY2(m.translations.size() == 2 && !m.unfinished,
                 qPrintable(m.context + QStringLiteral(": ") + m.source));
    }
}

void TestTranslations::catalogueIsLoadedAtRunTime()
{
    Translations translations;
    QVERIFY(translations.use(QStringLiteral("zh_CN")));
    QCOMPARE(QCoreApplication::translate("Money", "Enter an amount."),
             QStringLiteral("请输入金额。"));
    QCOMPARE(QCoreApplication::translate("Commands", "List orders.").isEmpty(), false);
    QVERIFY(QCoreApplication::translate("Commands", "List orders.") !=
            QStringLiteral("List orders."));
    QVERIFY(translations.use(QStringLiteral("en")));
    QCOMPARE(QCoreApplication::translate("Money", "Enter an amount."),
             QStringLiteral("Enter an amount."));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
