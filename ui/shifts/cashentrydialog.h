#pragma once

#include "core/money/money.h"

#include <QDialog>

class QLabel;
class QLineEdit;

namespace paydesk {

/// An amount of cash and, for a payout, what it was for: the opening float at the start of a
/// shift, or cash paid out of the drawer. Keyboard-first: type, Enter.
class CashEntryDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode { OpeningFloat, Payout };
    explicit CashEntryDialog(Mode mode, QWidget *parent = nullptr);

    Money amount() const { return m_amount; }
    QString reason() const;

private:
    void tryAccept();

    Mode m_mode;
    QLineEdit *m_amountEdit;
    QLineEdit *m_reasonEdit = nullptr;
    QLabel *m_error;
    Money m_amount;
};

} // namespace paydesk
