#include "ui/dashboard/kpitile.h"

#include "core/money/money.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>

namespace paydesk {

namespace {
const char *const kFigures[] = {"net", "orders", "average", "refunds", "fees", "change"};
} // namespace

QString dashboardMoney(qint64 minor)
{
    return Money::fromMinor(minor).format(QLocale());
}

KpiTile::KpiTile(const QString &objectName, QWidget *parent)
    : QFrame(parent), m_title(new QLabel(this))
{
    setObjectName(objectName);
    setFrameShape(QFrame::StyledPanel);
    auto *grid = new QGridLayout(this);
    m_title->setObjectName(QStringLiteral("tileTitle"));
    grid->addWidget(m_title, 0, 0, 1, 2);
    auto *gross = new QLabel(this);
    gross->setObjectName(QStringLiteral("gross"));
    QFont big = gross->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    gross->setFont(big);
    grid->addWidget(gross, 1, 0, 1, 2);
    int row = 2;
    for (const char *name : kFigures) {
        auto *caption = new QLabel(this);
        caption->setObjectName(QLatin1String(name) + QStringLiteral("Caption"));
        auto *v = new QLabel(this);
        v->setObjectName(QLatin1String(name));
        v->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        grid->addWidget(caption, row, 0);
        grid->addWidget(v, row, 1);
        m_captions << caption;
        ++row;
    }
    retranslate();
}

QLabel *KpiTile::value(const QString &name) const
{
    return findChild<QLabel *>(name, Qt::FindDirectChildrenOnly);
}

QString KpiTile::text(const QString &figure) const
{
    const QLabel *l = value(figure);
    return l ? l->text() : QString();
}

void KpiTile::setTitle(const QString &title)
{
    m_title->setText(title);
    QFont f = m_title->font();
    f.setBold(true);
    m_title->setFont(f);
}

void KpiTile::retranslate()
{
    const QStringList captions{tr("Net"),     tr("Sales"), tr("Average ticket"),
                               tr("Refunds"), tr("Fees"),  tr("Change")};
    for (int i = 0; i < m_captions.size(); ++i)
        m_captions[i]->setText(captions.value(i));
    setFigures(m_figures, m_previousName);
}

void KpiTile::setFigures(const PeriodFigures &figures, const QString &previousName)
{
    m_figures = figures;
    m_previousName = previousName;
    const SalesTotals &t = figures.current;
    const QString none = QStringLiteral("—"); // unknown is not zero
    value(QStringLiteral("gross"))->setText(dashboardMoney(t.grossMinor));
    value(QStringLiteral("net"))->setText(dashboardMoney(t.netMinor()));
    value(QStringLiteral("orders"))->setText(QLocale().toString(t.orders));
    const auto average = t.averageTicketMinor();
    value(QStringLiteral("average"))->setText(average ? dashboardMoney(*average) : none);
    value(QStringLiteral("refunds"))
        ->setText(t.refundedOrders > 0 ? tr("%1 (%n sale(s))", nullptr, int(t.refundedOrders))
                                             .arg(dashboardMoney(t.refundedMinor))
                                       : dashboardMoney(t.refundedMinor));
    const auto fees = t.feesMinor();
    QLabel *feesLabel = value(QStringLiteral("fees"));
    feesLabel->setText(fees ? dashboardMoney(*fees) : none);
    feesLabel->setToolTip(fees ? QString()
                               : tr("Provider fees are not known until the statements are "
                                    "reconciled."));
    const auto change = figures.grossChangePercent();
    QLabel *changeLabel = value(QStringLiteral("change"));
    changeLabel->setText(change ? tr("%1% vs %2")
                                      .arg((*change >= 0 ? QStringLiteral("+") : QString()) +
                                               QLocale().toString(*change, 'f', 1),
                                           previousName)
                                : tr("— vs %1").arg(previousName));
    changeLabel->setToolTip(tr("Gross against %1 up to the same hour: %2")
                                .arg(previousName, dashboardMoney(figures.previous.grossMinor)));
}

} // namespace paydesk
