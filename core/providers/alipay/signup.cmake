# Alipay's merchant sign-up (alipay.open.agent.*), registered by registerSignup().
target_sources(paydesk_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/alipayagentclient.cpp
    ${CMAKE_CURRENT_LIST_DIR}/alipayagentclient.h
    ${CMAKE_CURRENT_LIST_DIR}/alipaysignup.cpp
    ${CMAKE_CURRENT_LIST_DIR}/alipaysignup.h
)
