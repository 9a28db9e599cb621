#pragma once

#include "core/cases/issuelog.h"

#include <QWidget>

#include <array>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace paydesk {

class CaseDesk;
class OrderQueries;
class ProviderRegistry;
class Session;

/// "Customer issues": one record per complaint, from an order or on its own, with the
/// checklist the cashier follows (look the payment up, confirm whether money moved, refund or
/// explain, call the provider with the transaction id — the hotline shown), its cases and
/// refunds, open or resolved, and an export to CSV.
class IssuesPanel : public QWidget
{
    Q_OBJECT
public:
    IssuesPanel(CaseDesk &desk, const OrderQueries &orders, const ProviderRegistry &registry,
                QWidget *parent = nullptr);

    void setSession(Session *session);
    /// Starts a new complaint about \a outTradeNo (from Find payment).
    void startIssueFor(const QString &outTradeNo);
    void refresh();
    /// Writes the listed complaints as CSV to \a path; false (with the message shown) on error.
    bool exportCsvTo(const QString &path);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void create();
    void showIssue(int row);
    void toggleStep(int step, bool done);
    void askProvider();
    void resolve();
    void exportCsv();
    void showResult(bool ok, const QString &text);
    const CustomerIssue *current() const;
    QString operatorName() const;

    CaseDesk &m_desk;
    const OrderQueries &m_orders;
    const ProviderRegistry &m_registry;
    Session *m_session = nullptr;
    QList<CustomerIssue> m_issues;
    QLabel *m_newCaption;
    QComboBox *m_report;
    QLineEdit *m_order;
    QLineEdit *m_contact;
    QPlainTextEdit *m_description;
    QPushButton *m_create;
    QCheckBox *m_showResolved;
    QPushButton *m_export;
    QTableWidget *m_table;
    QLabel *m_detail;
    std::array<QCheckBox *, 4> m_steps{};
    QLabel *m_hotline;
    QPushButton *m_askProvider;
    QLineEdit *m_outcome;
    QPushButton *m_resolve;
    QLabel *m_message;
};

} // namespace paydesk
