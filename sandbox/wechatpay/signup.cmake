# WeChat Pay's applyment4sub desk, built by makeSignupDesk(); apart from the payment dialect.
target_sources(paydesk_sandbox PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/applymentdesk.cpp
    ${CMAKE_CURRENT_LIST_DIR}/applymentdesk.h
    ${CMAKE_CURRENT_LIST_DIR}/wechatpaysignup.cpp
    ${CMAKE_CURRENT_LIST_DIR}/wechatpaysignup.h
)
