#include "core/cases/caseslog.h"

namespace paydesk {
Q_LOGGING_CATEGORY(lcCases, "paydesk.cases")
}
