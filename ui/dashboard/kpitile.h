#pragma once

#include "core/analytics/salesfigures.h"

#include <QFrame>

class QLabel;

namespace paydesk {

/// One period's key figures: gross large, then net, count, average ticket, refunds, fees and
/// the change against the previous period up to the same hour.
class KpiTile : public QFrame
{
    Q_OBJECT
public:
    KpiTile(const QString &objectName, QWidget *parent = nullptr);

    void setTitle(const QString &title);
    void setFigures(const PeriodFigures &figures, const QString &previousName);

    /// The text shown for a figure, by name: "gross", "net", "orders", "average", "refunds",
    /// "fees", "change" (what tests and people read).
    QString text(const QString &figure) const;

    void retranslate();

private:
    QLabel *value(const QString &name) const;

    QLabel *m_title;
    QList<QLabel *> m_captions;
    PeriodFigures m_figures;
    QString m_previousName;
};

/// Money as the dashboard shows it (¥1,234.50 in the current locale).
QString dashboardMoney(qint64 minor);

} // namespace paydesk
