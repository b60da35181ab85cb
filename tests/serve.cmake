# Tests of `whosaid serve` (tests/serve/): the API cases of test_api.py,
# each one a server started on a free loopback port over a test database
# made with `whosaid index`; and the browser test (Playwright driving
# Debian's chromium), which is left out of the sanitizer build, where it
# would be slow. Its screenshots are kept in serve-screenshots/ of the
# build folder.
set(WS_SERVE_API_CASES
  health security_headers assets not_found no_file_system methods body_limit
  slow_client rate_limit extract_busy extract extract_stores_nothing no_database
  statements pagination bad_parameters injection speakers documents exchanges
  hostile_json read_only live_index cache database_failure
  query_timeout)
foreach(case ${WS_SERVE_API_CASES})
  add_test(NAME serve_${case}
           COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/serve/test_api.py
                   $<TARGET_FILE:whosaid> ${case})
  set_tests_properties(serve_${case} PROPERTIES TIMEOUT 180)
endforeach()
add_test(NAME serve_cases_registered
         COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/serve/test_api.py
                 $<TARGET_FILE:whosaid> --check-registered ${WS_SERVE_API_CASES})
if(NOT WS_SANITIZE)
  add_test(NAME serve_browser
           COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/serve/test_browser.py
                   $<TARGET_FILE:whosaid> ${CMAKE_BINARY_DIR}/serve-screenshots)
  set_tests_properties(serve_browser PROPERTIES TIMEOUT 400 SKIP_RETURN_CODE 77)
endif()
