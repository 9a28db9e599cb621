#pragma once

#include "core/util/result.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace paydesk {

class Clock;

/// Where receipts go: "tcp://192.168.1.50:9100" (raw port of a network printer) or
/// "serial:/dev/ttyUSB0" / "serial:/dev/ttyS0@19200".
struct PrinterTarget
{
    enum class Kind { Network, Serial };
    Kind kind = Kind::Network;
    QString host;
    quint16 port = 9100;
    QString serialPort;
    qint32 baudRate = 9600;

    static Result<PrinterTarget> parse(const QString &spec);
};

/// Sends ESC/POS bytes (EscPosEncoder) to a receipt printer.
class ReceiptPrinter : public QObject
{
    Q_OBJECT
public:
    explicit ReceiptPrinter(Clock &clock, QObject *parent = nullptr);

    /// Connects, writes everything, disconnects. \a done runs exactly once.
    void sendToNetwork(const QByteArray &data, const QString &host, quint16 port,
                       std::function<void(const Status &)> done, int timeoutMs = 5000);
    /// Writes to a serial port (blocking up to \a timeoutMs: receipts are small).
    Status sendToSerial(const QByteArray &data, const QString &portName, qint32 baudRate = 9600,
                        int timeoutMs = 3000);
    void send(const QByteArray &data, const PrinterTarget &target,
              std::function<void(const Status &)> done);

private:
    Clock &m_clock;
};

} // namespace paydesk
