#include "sandbox/sandboxlog.h"

Q_LOGGING_CATEGORY(lcSandbox, "paydesk.sandbox", QtInfoMsg)
