# WeChat Pay's special-merchant sign-up (applyment4sub), registered by registerSignup(). Kept
# apart from the payment adapter's sources; it signs and verifies with the adapter's
# WechatPayV3Signer (wechatpayv3signer.*, listed in this folder's CMakeLists.txt).
target_sources(paydesk_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/applyment/applymentclient.cpp
    ${CMAKE_CURRENT_LIST_DIR}/applyment/applymentclient.h
    ${CMAKE_CURRENT_LIST_DIR}/wechatpaysignup.cpp
    ${CMAKE_CURRENT_LIST_DIR}/wechatpaysignup.h
)
