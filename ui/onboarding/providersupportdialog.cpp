#include "ui/onboarding/providersupportdialog.h"

#include "core/onboarding/providercatalog.h"
#include "core/providers/providerregistry.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

namespace paydesk {

namespace {

QLabel *link(const QUrl &url, QWidget *parent)
{
    auto *l = new QLabel(
        QStringLiteral("<a href=\"%1\">%1</a>").arg(url.toString().toHtmlEscaped()), parent);
    l->setTextFormat(Qt::RichText);
    l->setOpenExternalLinks(true);
    l->setTextInteractionFlags(Qt::TextBrowserInteraction);
    return l;
}

} // namespace

ProviderSupportDialog::ProviderSupportDialog(const ProviderCatalog &catalog,
                                             const ProviderRegistry &registry, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("providerSupportDialog"));
    setWindowTitle(tr("Payment provider support"));
    auto *layout = new QVBoxLayout(this);
    for (const CatalogEntry &e : catalog.entries()) {
        if (!registry.find(e.providerId))
            continue;
        auto *box = new QGroupBox(registry.displayName(e.providerId), this);
        box->setObjectName(QStringLiteral("support_") + e.providerId);
        auto *form = new QFormLayout(box);
        auto *hotline = new QLabel(
            e.hotlineHours.isEmpty() ? e.hotline : tr("%1 (%2)").arg(e.hotline, e.hotlineHours),
            box);
        hotline->setTextInteractionFlags(Qt::TextSelectableByMouse);
        QFont big = hotline->font();
        big.setPointSizeF(big.pointSizeF() * 1.3);
        big.setBold(true);
        hotline->setFont(big);
        form->addRow(tr("Hotline:"), hotline);
        if (e.supportUrl.isValid())
            form->addRow(tr("Help centre:"), link(e.supportUrl, box));
        if (e.consoleUrl.isValid())
            form->addRow(tr("Merchant console:"), link(e.consoleUrl, box));
        layout->addWidget(box);
    }
    auto *note = new QLabel(tr("As of %1. A number marked unconfirmed in the comparison comes from "
                               "third-party pages.")
                                .arg(QLocale().toString(catalog.date(), QLocale::ShortFormat)),
                            this);
    note->setWordWrap(true);
    note->setStyleSheet(QStringLiteral("color: #5f6b7a;"));
    layout->addWidget(note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

} // namespace paydesk
