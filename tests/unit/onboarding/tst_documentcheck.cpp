// Document photo checks before upload: type, size, resolution, blur and darkness, on photos
// drawn here (sharp text vs. the same blurred).
#include "core/onboarding/documentcheck.h"
#include "documentphotos.h"

#include <QTest>

using namespace paydesk;
using namespace paydesk::onboarding;
using Problem = DocumentVerdict::Problem;

Q_DECLARE_METATYPE(DocumentVerdict::Problem)

class TestDocumentCheck : public QObject
{
    Q_OBJECT
private slots:
    void verdicts_data();
    void verdicts();
    void blurScoresWellApart();
};

void TestDocumentCheck::verdicts_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("name");
    QTest::addColumn<Problem>("problem");
    const QImage licence = test::drawLicence();
    QByteArray png;
    {
        QBuffer b(&png);
        b.open(QIODevice::WriteOnly);
        licence.save(&b, "PNG");
    }
    QTest::newRow("sharp jpg") << test::jpeg(licence) << "licence.jpg" << Problem::None;
    QTest::newRow("sharp .jpeg name") << test::jpeg(licence) << "licence.JPEG" << Problem::None;
    QTest::newRow("sharp png") << png << "licence.png" << Problem::None;
    QTest::newRow("blurred") << test::jpeg(test::blurred(licence)) << "licence.jpg"
                             << Problem::Unclear;
    QTest::newRow("dark") << test::jpeg(test::darkened(licence)) << "licence.jpg"
                          << Problem::TooDark;
    QTest::newRow("low resolution")
        << test::jpeg(test::drawLicence(640, 480)) << "small.jpg" << Problem::LowResolution;
    QTest::newRow("png named .jpg") << png << "licence.jpg" << Problem::UnsupportedType;
    QTest::newRow("pdf") << QByteArray("%PDF-1.4\n").append(QByteArray(20000, 'x')) << "a.pdf"
                         << Problem::UnsupportedType;
    QImage blank(200, 100, QImage::Format_RGB32);
    blank.fill(Qt::white);
    QTest::newRow("tiny file") << test::jpeg(blank, 10) << "blank.jpg" << Problem::TooSmallFile;
    QTest::newRow("over 2 MB")
        << QByteArray("\xFF\xD8\xFF\xE0").append(QByteArray(2 * 1024 * 1024 + 1, 'x')) << "big.jpg"
        << Problem::TooLargeFile;
}

void TestDocumentCheck::verdicts()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, name);
    QFETCH(Problem, problem);
    const DocumentVerdict v = DocumentCheck::check(bytes, name);
    QCOMPARE(v.problem, problem);
    QCOMPARE(v.message.isEmpty(), problem == Problem::None);
    if (problem == Problem::Unclear)
        QCOMPARE(v.message, QStringLiteral("This photo looks unclear: retake it."));
}

void TestDocumentCheck::blurScoresWellApart()
{
    const QImage licence = test::drawLicence();
    const double sharp = DocumentCheck::sharpnessOf(licence);
    const double soft = DocumentCheck::sharpnessOf(test::blurred(licence));
    // The threshold sits between, with room on both sides.
    QVERIFY2(sharp > 3 * DocumentCheck::minSharpness, qPrintable(QString::number(sharp)));
    QVERIFY2(soft < DocumentCheck::minSharpness / 2, qPrintable(QString::number(soft)));
}

QTEST_MAIN(TestDocumentCheck)
#include "tst_documentcheck.moc"
