#pragma once

#include <QFrame>
#include <QList>
#include <QStringList>

class QChart;
class QChartView;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace paydesk {

/// One chart of the dashboard with its title, an optional note line, and the exports the
/// owner asked for: the picture as PNG and the numbers behind it as CSV.
class ChartCard : public QFrame
{
    Q_OBJECT
public:
    ChartCard(const QString &objectName, QWidget *parent = nullptr);

    void setTitle(const QString &title);
    void setNote(const QString &note);
    /// Shows \a chart (the card takes it) and keeps \a rows under \a headers for the CSV.
    /// With \a empty the card says there is nothing to show instead of a blank chart.
    void setChart(QChart *chart, const QStringList &headers, const QList<QStringList> &rows,
                  bool empty);

    QChart *chart() const;
    QStringList csvHeaders() const { return m_headers; }
    QList<QStringList> csvRows() const { return m_rows; }
    bool isEmptyChart() const { return m_empty; }

    /// Writes the chart as a PNG; false (with a translated \a error) when it cannot.
    bool exportPng(const QString &path, QString *error = nullptr) const;
    /// Writes the data as CSV (UTF-8 with a byte-order mark so spreadsheets read Chinese).
    bool exportCsv(const QString &path, QString *error = nullptr) const;

    void retranslate();

private:
    void askPng();
    void askCsv();

    QLabel *m_title;
    QLabel *m_note;
    QStackedWidget *m_stack;
    QChartView *m_view;
    QLabel *m_emptyLabel;
    QPushButton *m_png;
    QPushButton *m_csv;
    QStringList m_headers;
    QList<QStringList> m_rows;
    bool m_empty = true;
};

} // namespace paydesk
