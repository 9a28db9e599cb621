#pragma once

#include <QWidget>

class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QCheckBox;
class QTableWidget;

namespace paydesk {

class AuditLog;
struct AuditVerification;

/// The audit log with filters (action, operator, time range, text) and a "Verify chain"
/// button that reports whether the hash chain is intact, and where it breaks.
class AuditView : public QWidget
{
    Q_OBJECT
public:
    explicit AuditView(AuditLog &audit, QWidget *parent = nullptr);

    void refresh();
    void verifyChain();
    QString verifyText() const;
    int rowCount() const;

private:
    AuditLog &m_audit;
    QLineEdit *m_action;
    QLineEdit *m_operator;
    QLineEdit *m_text;
    QCheckBox *m_useRange;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QPushButton *m_search;
    QPushButton *m_verify;
    QLabel *m_result;
    QTableWidget *m_table;
};

} // namespace paydesk
