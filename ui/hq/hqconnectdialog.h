#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;

namespace paydesk {

/// Asks for head office's address and the reader's password (the password is never stored).
/// Only asks: connecting is the caller's (app/) job, which shows its error with showError().
class HqConnectDialog : public QDialog
{
    Q_OBJECT
public:
    explicit HqConnectDialog(const QString &url = {}, QWidget *parent = nullptr);

    QString url() const;
    QString password() const;
    void showError(const QString &message);

private:
    QLineEdit *m_url = nullptr;
    QLineEdit *m_password = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace paydesk
