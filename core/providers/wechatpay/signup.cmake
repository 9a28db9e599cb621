# WeChat Pay's special-merchant sign-up (applyment4sub), registered by registerSignup(). Kept
# apart from the payment adapter's sources; its minimal v3 signer is applyment/applymentsigner.
target_sources(paydesk_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/applyment/applymentclient.cpp
    ${CMAKE_CURRENT_LIST_DIR}/applyment/applymentclient.h
    ${CMAKE_CURRENT_LIST_DIR}/applyment/applymentsigner.cpp
    ${CMAKE_CURRENT_LIST_DIR}/applyment/applymentsigner.h
    ${CMAKE_CURRENT_LIST_DIR}/wechatpaysignup.cpp
    ${CMAKE_CURRENT_LIST_DIR}/wechatpaysignup.h
)
