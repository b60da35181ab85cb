# Statement database tests: tests/db/test_db.py runs `whosaid index` and the
# query commands as a user does and looks inside with Python's sqlite3.
set(WS_DB_TEST_CASES
  search_filters formats speaker_merge exchanges reindex interrupt
  readers_while_writing not_a_database newer_schema corrupt read_only disk_full
  inputs report migrate)
foreach(case ${WS_DB_TEST_CASES})
  add_test(NAME db_${case}
           COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/db/test_db.py
                   $<TARGET_FILE:whosaid> ${case})
  set_tests_properties(db_${case} PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77)
endforeach()
add_test(NAME db_cases_registered
         COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/db/test_db.py
                 $<TARGET_FILE:whosaid> --check-registered ${WS_DB_TEST_CASES})
