#pragma once

#include "core/shifts/shiftreport.h"

#include <QDialog>

#include <functional>

class QLabel;

namespace paydesk {

/// The shift report on screen, with Print (ESC/POS on the receipt printer) and Save as PDF.
class ShiftReportDialog : public QDialog
{
    Q_OBJECT
public:
    /// \a print sends ESC/POS bytes to the receipt printer and reports the outcome; empty when
    /// no printer is set up (the button is then disabled and says why).
    using Printer = std::function<void(const QByteArray &, std::function<void(const Status &)>)>;
    ShiftReportDialog(ShiftReport report, Printer print, QWidget *parent = nullptr);

    /// Saves the PDF to \a path (the Save button asks for it).
    Status savePdf(const QString &path);

private:
    ShiftReport m_report;
    Printer m_print;
    QLabel *m_message;
};

} // namespace paydesk
