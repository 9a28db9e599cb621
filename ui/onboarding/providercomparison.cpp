#include "ui/onboarding/providercomparison.h"

#include "core/onboarding/providercatalog.h"
#include "core/providers/providerregistry.h"

#include <QHeaderView>

namespace paydesk {

namespace {

QString marked(const QString &text, bool unconfirmed)
{
    return unconfirmed ? text + QStringLiteral(" ?") : text;
}

} // namespace

ProviderComparison::ProviderComparison(const ProviderCatalog &catalog,
                                       const ProviderRegistry &registry, QWidget *parent)
    : QTableWidget(parent)
{
    setObjectName(QStringLiteral("providerComparison"));
    for (const CatalogEntry &e : catalog.entries())
        if (registry.find(e.providerId))
            m_providers << e.providerId;
    setRowCount(RowCount);
    setColumnCount(int(m_providers.size()));
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::NoSelection);
    setFocusPolicy(Qt::NoFocus);
    setWordWrap(true);
    setAlternatingRowColors(true);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    verticalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    setVerticalHeaderLabels({tr("Fee per payment"), tr("Money arrives"), tr("Payment methods"),
                             tr("Typical review"), tr("Documents to apply"), tr("Support hotline"),
                             tr("Payments a month"), tr("Monthly fees"), tr("You receive")});
    const QLocale locale;
    for (int c = 0; c < m_providers.size(); ++c) {
        const CatalogEntry &e = *catalog.find(m_providers.at(c));
        setHorizontalHeaderItem(c, new QTableWidgetItem(registry.displayName(e.providerId)));
        QString rate = ProviderCatalog::rateText(e.feeRateBp, locale);
        if (e.lowestFeeRateBp && *e.lowestFeeRateBp < e.feeRateBp)
            rate += QLatin1Char('\n') +
                    tr("some merchants from %1")
                        .arg(marked(ProviderCatalog::rateText(*e.lowestFeeRateBp, locale),
                                    e.isUnconfirmed(QStringLiteral("lowest_fee_rate"))));
        setCell(FeeRate, c, marked(rate, e.isUnconfirmed(QStringLiteral("fee_rate"))), true);
        setCell(Settlement, c, ProviderCatalog::settlementText(e.settlement));
        QStringList methods;
        for (PaymentMethod m : e.methods)
            methods << ProviderCatalog::methodName(m);
        setCell(Methods, c, methods.join(QLatin1Char('\n')));
        setCell(
            Review, c,
            marked(ProviderCatalog::reviewText(e), e.isUnconfirmed(QStringLiteral("review_time"))));
        QStringList documents;
        for (const QString &d : e.documents)
            documents << ProviderCatalog::documentName(d);
        setCell(Documents, c, documents.join(QLatin1Char('\n')));
        QString hotline = marked(e.hotline, e.isUnconfirmed(QStringLiteral("hotline")));
        if (!e.hotlineHours.isEmpty())
            hotline += QLatin1Char('\n') + e.hotlineHours;
        setCell(Hotline, c, hotline);
    }
    setEstimates({});
    setMinimumHeight(360);
}

void ProviderComparison::setCell(int row, int column, const QString &text, bool emphasised)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    if (emphasised) {
        QFont f = item->font();
        f.setBold(true);
        item->setFont(f);
    }
    setItem(row, column, item);
}

void ProviderComparison::setEstimates(const QList<FeeEstimate> &estimates)
{
    const QLocale locale;
    for (int c = 0; c < m_providers.size(); ++c) {
        const FeeEstimate *found = nullptr;
        for (const FeeEstimate &e : estimates)
            if (e.providerId == m_providers.at(c))
                found = &e;
        setCell(Payments, c, found ? locale.toString(found->payments) : QStringLiteral("–"));
        setCell(MonthlyFees, c, found ? found->fees.format(locale) : QStringLiteral("–"), true);
        setCell(Received, c, found ? found->net.format(locale) : QStringLiteral("–"));
    }
    resizeRowsToContents();
}

void ProviderComparison::setChosen(const QString &providerId)
{
    for (int c = 0; c < m_providers.size(); ++c) {
        QTableWidgetItem *header = horizontalHeaderItem(c);
        QFont f = header->font();
        f.setBold(m_providers.at(c) == providerId);
        header->setFont(f);
        header->setText(header->text().remove(QStringLiteral("✓ ")));
        if (m_providers.at(c) == providerId)
            header->setText(QStringLiteral("✓ ") + header->text());
    }
}

QString ProviderComparison::cellText(int row, const QString &providerId) const
{
    const int c = int(m_providers.indexOf(providerId));
    const QTableWidgetItem *i = c < 0 ? nullptr : item(row, c);
    return i ? i->text() : QString();
}

} // namespace paydesk
