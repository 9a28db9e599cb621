// The Alipay trade bill: zip container, GBK/UTF-8 CSV, header-driven columns. Invariant: a bill
// is all or nothing, and every accepted line has the keys reconciliation joins on.
#include "fuzzcheck.h"

#include "core/providers/alipay/alipaybillparser.h"

#include <cstddef>
#include <cstdint>

using namespace paydesk;

static void checkLines(const QList<StatementLine> &lines)
{
    for (const StatementLine &l : lines)
        FUZZ_CHECK(!l.outTradeNo.isEmpty() || !l.transactionId.isEmpty());
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzzQuietLogging();
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    auto zipped = AlipayBillParser::parse(bytes);
    if (zipped.ok())
        checkLines(zipped.value());
    else
        FUZZ_CHECK(!zipped.error().code.isEmpty());
    auto csv = AlipayBillParser::parseCsv(QString::fromUtf8(bytes));
    if (csv.ok())
        checkLines(csv.value());
    else
        FUZZ_CHECK(!csv.error().code.isEmpty());
    return 0;
}
