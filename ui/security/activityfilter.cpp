#include "ui/security/activityfilter.h"

#include "core/security/idlelock.h"
#include "core/security/session.h"

#include <QEvent>

namespace paydesk {

ActivityFilter::ActivityFilter(IdleLock &lock, QObject *parent) : QObject(parent), m_lock(lock) {}

bool ActivityFilter::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
        m_lock.noteActivity();
        if (m_session)
            m_session->touch();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace paydesk
