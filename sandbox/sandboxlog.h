#pragma once

#include <QLoggingCategory>

// The sandbox's own category; enable with QT_LOGGING_RULES="paydesk.sandbox.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcSandbox)
