#pragma once

#include "core/hq/hqreport.h"

#include <QMainWindow>

class QComboBox;
class QDateEdit;
class QLabel;
class QTableWidget;
class QTabWidget;

namespace paydesk {

/// The Head office window: the daily report, the reconciliation summary and the dashboard
/// (tills and takings by hour) across every store and till, filtered by store and till. Reads
/// through HqReport only; the connection is the caller's.
class HeadOfficeWindow : public QMainWindow
{
    Q_OBJECT
public:
    HeadOfficeWindow(HqReport &report, const QString &where, const QDate &day,
                     QWidget *parent = nullptr);

    /// Reads every view again for the chosen day and filters; false (and the error shown)
    /// when head office refused.
    bool refresh();

private:
    void fillStores();
    void fillTills();
    HqFilter filter() const;
    void showError(const QString &message);

    HqReport &m_report;
    QDateEdit *m_day = nullptr;
    QComboBox *m_store = nullptr;
    QComboBox *m_till = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableWidget *m_daily = nullptr;
    QTableWidget *m_recon = nullptr;
    QTableWidget *m_tills = nullptr;
    QTableWidget *m_hours = nullptr;
    QLabel *m_total = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace paydesk
