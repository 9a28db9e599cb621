#pragma once

#include "core/cases/case.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace paydesk {

class CaseDesk;
class CaseRefunder;
class ProviderRegistry;
class Session;

/// "Cases": every duplicate charge the detector found, with its evidence (orders, times, hashed
/// payer, amounts) and the suggested action; the manager refunds the later charge or dismisses
/// the case with a reason. Core decides and audits; this only shows and asks.
class CasesPanel : public QWidget
{
    Q_OBJECT
public:
    CasesPanel(CaseDesk &desk, const ProviderRegistry &registry, QWidget *parent = nullptr);

    void setSession(Session *session);
    /// With a refunder the "Refund the later charge" button is offered; without, dismissal only.
    void setRefunder(CaseRefunder *refunder);
    /// Reloads the list (keeps the selection when the case is still listed).
    void refresh();
    /// Selects case \a caseId when it is listed.
    bool selectCase(qint64 caseId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void showCase(int row);
    void dismiss();
    void refund();
    void rescan();
    void showResult(bool ok, const QString &text);
    const Case *current() const;

    CaseDesk &m_desk;
    const ProviderRegistry &m_registry;
    Session *m_session = nullptr;
    CaseRefunder *m_refunder = nullptr;
    QList<Case> m_cases;
    QCheckBox *m_showResolved;
    QPushButton *m_rescan;
    QTableWidget *m_table;
    QLabel *m_detail;
    QLineEdit *m_reason;
    QPushButton *m_refund;
    QPushButton *m_dismiss;
    QLabel *m_message;
};

} // namespace paydesk
