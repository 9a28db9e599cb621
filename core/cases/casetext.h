#pragma once

#include "core/cases/case.h"

#include <QCoreApplication>

namespace paydesk {

/// The words for cases that the cashier, the manager and the headless commands show.
class CaseText
{
    Q_DECLARE_TR_FUNCTIONS(CaseText)
public:
    static QString kind(CaseKind kind);
    static QString status(CaseStatus status);
    /// Why the detector opened the case, in one sentence.
    static QString explanation(const Case &c);
    /// What to do about it (for a charge the till booked: refund the later charge).
    static QString suggestedAction(const Case &c);
};

} // namespace paydesk
