# Pathological inputs (tests/pathological/run.py): each case generates its
# input on the fly and runs `whosaid extract` on it with a time limit. Each
# case is its own CTest test, pathological_CASE, so that cases run in
# parallel and each has its own timeout.
#
# Sanitizer and Debug builds are much slower: there the driver gets --slow
# (smaller largest inputs, ten times the time limits) and CTest allows more.
set(WS_PATHOLOGICAL_CASES
  quotes_straight quotes_curly quotes_mixed quotes_pairs long_line
  invalid_utf8 nul_bytes binary nested_open unclosed_long open_each_paragraph
  paragraphs pronouns huge_word huge_number capitalised blank_lines
  apostrophes)

set(WS_PATHOLOGICAL_ARGS)
set(WS_PATHOLOGICAL_TIMEOUT 300)
if(WS_SANITIZE OR CMAKE_BUILD_TYPE STREQUAL "Debug")
  set(WS_PATHOLOGICAL_ARGS --slow)
  set(WS_PATHOLOGICAL_TIMEOUT 1200)
endif()

foreach(case ${WS_PATHOLOGICAL_CASES})
  add_test(NAME pathological_${case}
           COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/pathological/run.py
                   --whosaid $<TARGET_FILE:whosaid> ${WS_PATHOLOGICAL_ARGS} ${case})
  set_tests_properties(pathological_${case} PROPERTIES
    TIMEOUT ${WS_PATHOLOGICAL_TIMEOUT} LABELS pathological)
endforeach()

# The case list above must match the driver's.
add_test(NAME pathological_case_list
         COMMAND ${CMAKE_COMMAND} -DPYTHON=${WS_TEST_PYTHON}
                 -DDRIVER=${CMAKE_CURRENT_SOURCE_DIR}/pathological/run.py
                 "-DCASES=${WS_PATHOLOGICAL_CASES}"
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/pathological/check_list.cmake)
