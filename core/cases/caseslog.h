#pragma once

#include <QLoggingCategory>

namespace paydesk {
Q_DECLARE_LOGGING_CATEGORY(lcCases)
}
