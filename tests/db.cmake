# Statement database tests: tests/db/test_db.py runs `whosaid index` and the
# query commands as a user does and looks inside with Python's sqlite3.
set(WS_DB_TEST_CASES
  search_filters formats speaker_merge exchanges reindex interrupt
  readers_while_writing not_a_database newer_schema corrupt read_only disk_full
  inputs report migrate search_plans)
foreach(case ${WS_DB_TEST_CASES})
  add_test(NAME db_${case}
           COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/db/test_db.py
                   $<TARGET_FILE:whosaid> ${case})
  set_tests_properties(db_${case} PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77)
endforeach()
add_test(NAME db_cases_registered
         COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/db/test_db.py
                 $<TARGET_FILE:whosaid> --check-registered ${WS_DB_TEST_CASES})
# The speaker merge measured on PolNeAR (tests/db/polnear_merge.py says how
# the pairs are labelled; docs/db.md has the figures). Skips without the data.
add_test(NAME db_merge_polnear
         COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/db/polnear_merge.py
                 $<TARGET_FILE:whosaid> ${CMAKE_SOURCE_DIR}/../shared/data/polnear/data
                 --min-precision 0.95 --min-recall 0.90)
set_tests_properties(db_merge_polnear PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77)
