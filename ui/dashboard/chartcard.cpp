#include "ui/dashboard/chartcard.h"

#include <QChart>
#include <QChartView>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace paydesk {

namespace {
QString csvField(const QString &value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) &&
        !value.contains(QLatin1Char('\n')))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}
} // namespace

ChartCard::ChartCard(const QString &objectName, QWidget *parent)
    : QFrame(parent), m_title(new QLabel(this)), m_note(new QLabel(this)),
      m_stack(new QStackedWidget(this)), m_view(new QChartView(this)),
      m_emptyLabel(new QLabel(this)), m_png(new QPushButton(this)), m_csv(new QPushButton(this))
{
    setObjectName(objectName);
    setFrameShape(QFrame::StyledPanel);
    m_title->setObjectName(QStringLiteral("chartTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_note->setObjectName(QStringLiteral("chartNote"));
    m_note->setWordWrap(true);
    m_note->hide();
    m_view->setObjectName(QStringLiteral("chartView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(220);
    m_emptyLabel->setObjectName(QStringLiteral("chartEmpty"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setEnabled(false);
    m_stack->addWidget(m_emptyLabel);
    m_stack->addWidget(m_view);
    m_png->setObjectName(QStringLiteral("exportPngButton"));
    m_csv->setObjectName(QStringLiteral("exportCsvButton"));

    auto *head = new QHBoxLayout;
    head->addWidget(m_title, 1);
    head->addWidget(m_png);
    head->addWidget(m_csv);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(head);
    layout->addWidget(m_note);
    layout->addWidget(m_stack, 1);
    connect(m_png, &QPushButton::clicked, this, &ChartCard::askPng);
    connect(m_csv, &QPushButton::clicked, this, &ChartCard::askCsv);
    retranslate();
}

void ChartCard::retranslate()
{
    m_png->setText(tr("PNG…"));
    m_png->setToolTip(tr("Save this chart as a picture"));
    m_csv->setText(tr("CSV…"));
    m_csv->setToolTip(tr("Save the numbers of this chart for a spreadsheet"));
    m_emptyLabel->setText(tr("No sales in this range yet."));
}

void ChartCard::setTitle(const QString &title)
{
    m_title->setText(title);
}

void ChartCard::setNote(const QString &note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

void ChartCard::setChart(QChart *chart, const QStringList &headers, const QList<QStringList> &rows,
                         bool empty)
{
    QChart *old = m_view->chart();
    chart->setParent(nullptr);
    m_view->setChart(chart); // the view owns it now
    delete old;
    m_headers = headers;
    m_rows = rows;
    m_empty = empty;
    m_stack->setCurrentWidget(empty ? static_cast<QWidget *>(m_emptyLabel) : m_view);
    m_png->setEnabled(!empty);
}

QChart *ChartCard::chart() const
{
    return m_view->chart();
}

bool ChartCard::exportPng(const QString &path, QString *error) const
{
    QWidget *shown = m_stack->currentWidget();
    QPixmap picture = shown == m_view && m_view->isVisible()
                          ? m_view->grab()
                          : QPixmap(qMax(640, m_view->width()), qMax(360, m_view->height()));
    if (shown != m_view || !m_view->isVisible()) {
        // A card on a hidden tab: render the chart itself at a readable size.
        picture.fill(Qt::white);
        QPainter painter(&picture);
        m_view->scene()->render(&painter, picture.rect(), m_view->sceneRect());
    }
    if (!picture.save(path, "PNG")) {
        if (error)
            *error = tr("The picture could not be saved to %1.").arg(path);
        return false;
    }
    return true;
}

bool ChartCard::exportCsv(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("The file %1 could not be written: %2").arg(path, file.errorString());
        return false;
    }
    QByteArray out("\xEF\xBB\xBF");
    auto line = [&out](const QStringList &fields) {
        QStringList quoted;
        for (const QString &f : fields)
            quoted << csvField(f);
        out += quoted.join(QLatin1Char(',')).toUtf8() + "\r\n";
    };
    line(m_headers);
    for (const QStringList &row : m_rows)
        line(row);
    if (file.write(out) != out.size() || !file.commit()) {
        if (error)
            *error = tr("The file %1 could not be written: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void ChartCard::askPng()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save chart as PNG"),
                                                      objectName() + QStringLiteral(".png"),
                                                      tr("PNG pictures (*.png)"));
    QString error;
    if (!path.isEmpty() && !exportPng(path, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
}

void ChartCard::askCsv()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save chart data as CSV"),
                                                      objectName() + QStringLiteral(".csv"),
                                                      tr("CSV files (*.csv)"));
    QString error;
    if (!path.isEmpty() && !exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
}

} // namespace paydesk
