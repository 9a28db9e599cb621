# The merchant signup: validators, document checks, the application and its draft, the
# provider-neutral client interface and the session the wizard's signup pages drive.
target_sources(paydesk_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/application.cpp
    ${CMAKE_CURRENT_LIST_DIR}/application.h
    ${CMAKE_CURRENT_LIST_DIR}/applicationchecks.cpp
    ${CMAKE_CURRENT_LIST_DIR}/applicationchecks.h
    ${CMAKE_CURRENT_LIST_DIR}/businesscategory.cpp
    ${CMAKE_CURRENT_LIST_DIR}/businesscategory.h
    ${CMAKE_CURRENT_LIST_DIR}/depositclient.cpp
    ${CMAKE_CURRENT_LIST_DIR}/depositclient.h
    ${CMAKE_CURRENT_LIST_DIR}/documentcheck.cpp
    ${CMAKE_CURRENT_LIST_DIR}/documentcheck.h
    ${CMAKE_CURRENT_LIST_DIR}/signupclient.h
    ${CMAKE_CURRENT_LIST_DIR}/signupdraftstore.cpp
    ${CMAKE_CURRENT_LIST_DIR}/signupdraftstore.h
    ${CMAKE_CURRENT_LIST_DIR}/signupsession.cpp
    ${CMAKE_CURRENT_LIST_DIR}/signupsession.h
    ${CMAKE_CURRENT_LIST_DIR}/validators.cpp
    ${CMAKE_CURRENT_LIST_DIR}/validators.h
)
