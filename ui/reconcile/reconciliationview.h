#pragma once

#include "core/reconcile/reconciliation.h"
#include "core/security/session.h"
#include "core/util/result.h"

#include <QWidget>

#include <functional>

class QChartView;
class QDateEdit;
class QLabel;
class QPushButton;
class QTableWidget;

namespace paydesk {

class OperatorService;

/// What the view asks of the books; the composition root binds it to the reconciliation service.
struct ReconciliationSource
{
    std::function<Result<DayReport>(QDate day)> load;
    /// Resolves an open exception with a reason, by the manager whose session is given.
    std::function<Status(qint64 exceptionId, const QString &reason, const Session &by)> resolve;
    /// Signs the day off (closes it) by the manager whose session is given.
    std::function<Status(QDate day, const Session &by)> signOff;
};

/// The daily report on screen: a day picker, the totals (per provider and in all), the
/// exceptions with Resolve…, charts by hour and by provider, Sign off… and Export (CSV, JSON,
/// PDF) with progress. Resolving and signing off take a manager: the logged-in one after a
/// fresh step-up, or another manager approving at the till.
class ReconciliationView : public QWidget
{
    Q_OBJECT
public:
    explicit ReconciliationView(ReconciliationSource source, QWidget *parent = nullptr);

    void setSession(Session *session);
    /// For a manager's approval when a cashier is logged in.
    void setOperators(OperatorService *operators);
    /// Where the sync panel goes (above the totals); the view takes ownership.
    void setSyncPanel(QWidget *panel);

    QDate day() const;
    void setDay(QDate day);
    /// Loads the picked day again.
    void reload();
    const DayReport &report() const { return m_report; }

    /// Writes the shown day to \a path (.csv, .json or .pdf) with a cancellable progress dialog.
    Status exportTo(const QString &path);
    /// Resolve… on exception \a row with \a reason (the dialog's text), after the authority check.
    Status resolveRow(int row, const QString &reason);
    /// Sign off…, after the authority check.
    Status signOffDay();

signals:
    /// The picked day changed (the sync panel follows it).
    void dayChanged(QDate day);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void showReport(const DayReport &report);
    void askResolve();
    void askSignOff();
    void askExport();
    /// The session that may do a manager's action now, or none (the user cancelled).
    const Session *managerFor(const QString &why);

    ReconciliationSource m_source;
    Session *m_session = nullptr;
    OperatorService *m_operators = nullptr;
    Session m_approved; ///< a manager who approved at a cashier's till
    DayReport m_report;

    QLabel *m_title;
    QDateEdit *m_date;
    QPushButton *m_reload;
    QLabel *m_status;
    QTableWidget *m_totals;
    QTableWidget *m_exceptions;
    QPushButton *m_resolve;
    QPushButton *m_signOff;
    QPushButton *m_export;
    QChartView *m_byHour;
    QChartView *m_byProvider;
    QLabel *m_error;
    QWidget *m_syncSlot;
};

} // namespace paydesk
