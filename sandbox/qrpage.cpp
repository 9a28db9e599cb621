#include "sandbox/qrpage.h"

#include "core/money/money.h"

namespace paydesk::sandbox {

QByteArray QrPage::page(const QString &title, const QString &body)
{
    const QString html =
        QStringLiteral(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>%1</title><style>"
            "body{font-family:sans-serif;max-width:26em;margin:2em auto;padding:0 1em;color:#222}"
            ".amount{font-size:2.4em;font-weight:bold;margin:.3em 0}"
            "button{font-size:1.2em;padding:.6em 2.4em;background:#1677ff;color:#fff;border:0;"
            "border-radius:6px}.ok{color:#1a7f37}.bad{color:#cf222e}.muted{color:#666}"
            "</style></head><body>%2</body></html>\n")
            .arg(title.toHtmlEscaped(), body);
    return html.toUtf8();
}

QByteArray QrPage::checkout(const Trade &trade, const QString &merchantName, const QString &payPath)
{
    const QString amount = Money::fromMinor(trade.amountMinor).format(QLocale::system());
    QString body =
        QStringLiteral("<p class=\"muted\">%1</p><h1>%2</h1><p>%3</p>"
                       "<div class=\"amount\" id=\"amount\">%4</div>")
            .arg(tr("Paydesk sandbox wallet").toHtmlEscaped(), merchantName.toHtmlEscaped(),
                 trade.subject.toHtmlEscaped(), amount.toHtmlEscaped());
    if (trade.status == TradeStatus::WaitBuyerPay) {
        body += QStringLiteral("<form method=\"post\" action=\"%1\">"
                               "<button type=\"submit\" id=\"pay\">%2</button></form>")
                    .arg(payPath.toHtmlEscaped(), tr("Pay").toHtmlEscaped());
    } else if (trade.status == TradeStatus::Success) {
        body += QStringLiteral("<p class=\"ok\">%1</p>")
                    .arg(tr("This order is already paid.").toHtmlEscaped());
    } else {
        body += QStringLiteral("<p class=\"bad\">%1</p>")
                    .arg(tr("This order is closed and can no longer be paid.").toHtmlEscaped());
    }
    body += QStringLiteral("<p class=\"muted\">%1</p>")
                .arg(tr("Order %1").arg(trade.outTradeNo).toHtmlEscaped());
    return page(tr("Pay %1").arg(merchantName), body);
}

QByteArray QrPage::result(const Trade &trade, bool ok, const QString &message)
{
    const QString amount = Money::fromMinor(trade.amountMinor).format(QLocale::system());
    const QString body =
        QStringLiteral("<div class=\"amount\">%1</div><p class=\"%2\" "
                       "id=\"result\">%3</p><p class=\"muted\">%4</p>")
            .arg(amount.toHtmlEscaped(), ok ? QStringLiteral("ok") : QStringLiteral("bad"),
                 message.toHtmlEscaped(), tr("Order %1").arg(trade.outTradeNo).toHtmlEscaped());
    return page(ok ? tr("Paid") : tr("Not paid"), body);
}

QByteArray QrPage::notFound()
{
    return page(tr("Unknown code"),
                QStringLiteral("<p class=\"bad\">%1</p>")
                    .arg(tr("This QR code is not known to the sandbox.").toHtmlEscaped()));
}

} // namespace paydesk::sandbox
