#pragma once

#include "sandbox/dialect.h"

#include <memory>

namespace paydesk::sandbox::alipay {

/// The Alipay OpenAPI dialect (AlipayGateway) over the shared trade store.
std::unique_ptr<Dialect> makeDialect(const DialectContext &context);

} // namespace paydesk::sandbox::alipay
