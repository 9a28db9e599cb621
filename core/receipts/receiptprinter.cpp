#include "core/receipts/receiptprinter.h"

#include "core/util/clock.h"
#include "core/util/log.h"

#include <QCoreApplication>
#include <QSerialPort>
#include <QTcpSocket>
#include <QUrl>

#include <memory>

namespace paydesk {

Result<PrinterTarget> PrinterTarget::parse(const QString &spec)
{
    PrinterTarget t;
    const QString s = spec.trimmed();
    if (s.startsWith(u"serial:")) {
        t.kind = Kind::Serial;
        QString rest = s.mid(7);
        const qsizetype at = rest.lastIndexOf(QLatin1Char('@'));
        if (at > 0) {
            bool ok = false;
            t.baudRate = rest.mid(at + 1).toInt(&ok);
            if (!ok || t.baudRate <= 0)
                return Error{
                    QStringLiteral("printer.bad_target"),
                    QCoreApplication::translate("ReceiptPrinter", "Bad baud rate in \"%1\".")
                        .arg(spec)};
            rest = rest.left(at);
        }
        if (rest.isEmpty())
            return Error{QStringLiteral("printer.bad_target"),
                         QCoreApplication::translate("ReceiptPrinter", "No serial port in \"%1\".")
                             .arg(spec)};
        t.serialPort = rest;
        return t;
    }
    const QUrl url(s.contains(u"://") ? s : QStringLiteral("tcp://") + s);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"tcp"))
        return Error{
            QStringLiteral("printer.bad_target"),
            QCoreApplication::translate(
                "ReceiptPrinter", "Printer \"%1\" is neither tcp://HOST:PORT nor serial:PORT.")
                .arg(spec)};
    t.kind = Kind::Network;
    t.host = url.host();
    t.port = quint16(url.port(9100));
    return t;
}

ReceiptPrinter::ReceiptPrinter(Clock &clock, QObject *parent) : QObject(parent), m_clock(clock) {}

void ReceiptPrinter::sendToNetwork(const QByteArray &data, const QString &host, quint16 port,
                                   std::function<void(const Status &)> done, int timeoutMs)
{
    auto *socket = new QTcpSocket(this);
    auto finished = std::make_shared<bool>(false);
    auto finish = [socket, finished, done](const Status &status) {
        if (*finished)
            return;
        *finished = true;
        socket->abort();
        socket->deleteLater();
        if (done)
            done(status);
    };
    auto written = std::make_shared<qint64>(0);
    const qint64 total = data.size();
    connect(socket, &QTcpSocket::connected, socket, [socket, data] { socket->write(data); });
    connect(socket, &QTcpSocket::bytesWritten, socket, [socket, written, total](qint64 n) {
        *written += n;
        if (*written >= total)
            socket->disconnectFromHost();
    });
    connect(socket, &QTcpSocket::disconnected, socket, [finish, written, total] {
        if (*written >= total)
            finish({});
        else
            finish(Error{QStringLiteral("printer.disconnected"),
                         tr("The printer closed the connection before the receipt was sent.")});
    });
    connect(socket, &QTcpSocket::errorOccurred, socket,
            [socket, finish, written, total](QAbstractSocket::SocketError e) {
                if (e == QAbstractSocket::RemoteHostClosedError && *written >= total)
                    return finish({});
                finish(
                    Error{QStringLiteral("printer.network"),
                          tr("Cannot reach the receipt printer: %1").arg(socket->errorString())});
            });
    m_clock.callAfter(timeoutMs, socket, [finish] {
        finish(Error{QStringLiteral("printer.timeout"),
                     tr("The receipt printer did not answer in time.")});
    });
    qCDebug(lcCheckout) << "printing" << data.size() << "bytes to" << host << port;
    socket->connectToHost(host, port);
}

Status ReceiptPrinter::sendToSerial(const QByteArray &data, const QString &portName,
                                    qint32 baudRate, int timeoutMs)
{
    QSerialPort port(portName);
    port.setBaudRate(baudRate);
    if (!port.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("printer.serial_open"),
                     tr("Cannot open the printer port %1: %2").arg(portName, port.errorString())};
    qint64 written = 0;
    while (written < data.size()) {
        const qint64 n = port.write(data.constData() + written, data.size() - written);
        if (n < 0 || !port.waitForBytesWritten(timeoutMs))
            return Error{
                QStringLiteral("printer.serial_write"),
                tr("Writing to the printer port %1 failed: %2").arg(portName, port.errorString())};
        written += n;
    }
    port.close();
    return {};
}

void ReceiptPrinter::send(const QByteArray &data, const PrinterTarget &target,
                          std::function<void(const Status &)> done)
{
    if (target.kind == PrinterTarget::Kind::Serial) {
        const Status s = sendToSerial(data, target.serialPort, target.baudRate);
        if (done)
            done(s);
        return;
    }
    sendToNetwork(data, target.host, target.port, std::move(done));
}

} // namespace paydesk
