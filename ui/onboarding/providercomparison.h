#pragma once

#include <QStringList>
#include <QTableWidget>

namespace paydesk {

class ProviderCatalog;
class ProviderRegistry;
struct FeeEstimate;

/// The side-by-side comparison of the providers (one column each): fee rate, settlement,
/// payment methods, review time, documents, hotline, and the fee calculator's monthly figures.
/// Figures come from the ProviderCatalog; a "?" marks those from third-party sources.
class ProviderComparison : public QTableWidget
{
    Q_OBJECT
public:
    ProviderComparison(const ProviderCatalog &catalog, const ProviderRegistry &registry,
                       QWidget *parent = nullptr);

    /// Provider ids in column order (catalog entries the registry knows).
    QStringList providers() const { return m_providers; }
    /// Fills the calculator rows; an empty list clears them.
    void setEstimates(const QList<FeeEstimate> &estimates);
    /// Marks the column of \a providerId as chosen.
    void setChosen(const QString &providerId);
    /// The text of \a row (see Row) in \a providerId's column, for tests and screenshots.
    QString cellText(int row, const QString &providerId) const;

    enum Row {
        FeeRate,
        Settlement,
        Methods,
        Review,
        Documents,
        Hotline,
        Payments,
        MonthlyFees,
        Received,
        RowCount
    };

private:
    void setCell(int row, int column, const QString &text, bool emphasised = false);

    QStringList m_providers;
};

} // namespace paydesk
