#pragma once

#include "core/shifts/shift.h"

#include <QDialog>
#include <QMap>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;
class QWidget;

namespace paydesk {

class OperatorService;
class ShiftService;

/// Closing a shift: what the till expects (float + cash sales − cash refunds − payouts), the
/// wallet takings, counts and open orders; the cashier types the counted cash (or counts by
/// banknote and coin), the difference shows as they type, a reason is asked when it is not
/// zero, and a manager confirms a difference over the owner's limit. Enter closes.
class CloseShiftDialog : public QDialog
{
    Q_OBJECT
public:
    struct Context
    {
        ShiftService *shifts = nullptr;
        OperatorService *operators = nullptr;
        qint64 shiftId = 0;
        QString closedBy;
        Money differenceLimit;
        QString storeName;
        QMap<QString, QString> providerNames;
    };
    explicit CloseShiftDialog(Context context, QWidget *parent = nullptr);

    /// After accept(): the closed shift's figures.
    const ShiftSummary &closed() const { return m_closed; }

private:
    void reloadSummary();
    void updateDifference();
    void tryClose();
    Denominations denominations() const;

    Context m_ctx;
    ShiftSummary m_summary;
    ShiftSummary m_closed;
    QTableWidget *m_figures;
    QLineEdit *m_counted;
    QCheckBox *m_byDenomination;
    QWidget *m_denominationBox;
    QMap<qint64, QSpinBox *> m_denominationSpins;
    QLabel *m_difference;
    QComboBox *m_reason;
    QLabel *m_error;
};

} // namespace paydesk
