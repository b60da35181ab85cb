# Fails when the cases registered in tests/pathological.cmake (CASES) differ
# from those the driver knows (`run.py --list`), so that no case is forgotten.
execute_process(COMMAND ${PYTHON} ${DRIVER} --list
                OUTPUT_VARIABLE listed RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "run.py --list failed")
endif()
string(STRIP "${listed}" listed)
string(REPLACE "\n" ";" listed "${listed}")
list(SORT listed)
set(registered ${CASES})
list(SORT registered)
if(NOT listed STREQUAL registered)
  message(FATAL_ERROR "pathological cases differ:\n driver: ${listed}\n cmake:  ${registered}")
endif()
