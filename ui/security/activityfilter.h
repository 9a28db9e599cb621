#pragma once

#include <QObject>

namespace paydesk {

class IdleLock;
class Session;

/// Install on qApp: every key press, click, wheel or touch counts as activity for the idle lock
/// (and, when set, touches the current Session).
class ActivityFilter : public QObject
{
    Q_OBJECT
public:
    explicit ActivityFilter(IdleLock &lock, QObject *parent = nullptr);
    void setSession(Session *session) { m_session = session; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    IdleLock &m_lock;
    Session *m_session = nullptr;
};

} // namespace paydesk
