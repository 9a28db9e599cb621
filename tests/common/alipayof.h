#pragma once

// Tests that look inside the Alipay adapter the app built (its config, its key).
#include "app/providersetup.h"
#include "core/providers/alipay/alipayprovider.h"

namespace paydesk::test {

inline AlipayProvider &alipayOf(ProviderSetup &setup)
{
    return static_cast<AlipayProvider &>(*setup.provider(AlipayProvider::providerId()));
}
inline AlipayProvider &alipayOf(ProviderSetup *setup)
{
    return alipayOf(*setup);
}

} // namespace paydesk::test
