# Alipay's merchant sign-up desk (alipay.open.agent.*), built by makeSignupDesk().
target_sources(paydesk_sandbox PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/alipayagentdesk.cpp
    ${CMAKE_CURRENT_LIST_DIR}/alipayagentdesk.h
    ${CMAKE_CURRENT_LIST_DIR}/alipaysignup.cpp
    ${CMAKE_CURRENT_LIST_DIR}/alipaysignup.h
)
