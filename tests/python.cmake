# Tests of the Python binding (python/whosaid, tests/python/test_binding.py)
# and of the Dask runner on a local cluster of 2 workers
# (tests/python/test_dask.py), each case its own CTest test, compared with
# the built whosaid tool. The binding loads the shared library named by
# WHOSAID_LIBRARY.
#
# In the sanitizer build (WS_SANITIZE) the cases are registered but skip
# (exit code 77, "skipped: ..."): an ASan-instrumented libwhosaid.so can only
# be loaded into Python with the ASan runtime preloaded (LD_PRELOAD), which
# then instruments the interpreter and Dask's worker processes too and
# reports their own leaks. The normal build runs them.
set(WS_PY_BINDING_CASES golden str_and_offsets bad_input missing_library version threads
    formats bad_records)
set(WS_PY_DASK_CASES local_equals_cli worker_killed poison)

foreach(kind binding dask)
  if(kind STREQUAL "binding")
    set(cases ${WS_PY_BINDING_CASES})
  else()
    set(cases ${WS_PY_DASK_CASES})
  endif()
  foreach(case ${cases})
    if(WS_SANITIZE)
      set(args --skip "Python tests do not load the ASan build's libwhosaid.so"
               "(see tests/python.cmake); the normal build runs them")
    else()
      set(args $<TARGET_FILE:whosaid> ${case})
    endif()
    add_test(NAME python_${kind}_${case}
             COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/python/test_${kind}.py
                     ${args})
    set_tests_properties(python_${kind}_${case} PROPERTIES
      LABELS python TIMEOUT 120 SKIP_RETURN_CODE 77
      ENVIRONMENT "WHOSAID_LIBRARY=$<TARGET_FILE:whosaid_shared>")
  endforeach()
endforeach()
# Every case the drivers define is registered above.
if(NOT WS_SANITIZE)
  add_test(NAME python_binding_cases_registered
           COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/python/test_binding.py
                   $<TARGET_FILE:whosaid> --check-registered ${WS_PY_BINDING_CASES})
  add_test(NAME python_dask_cases_registered
           COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/python/test_dask.py
                   $<TARGET_FILE:whosaid> --check-registered ${WS_PY_DASK_CASES})
  set_tests_properties(python_binding_cases_registered python_dask_cases_registered
    PROPERTIES LABELS python ENVIRONMENT "WHOSAID_LIBRARY=$<TARGET_FILE:whosaid_shared>")
endif()
# The Dask cases start clusters of their own: run them one at a time.
foreach(case ${WS_PY_DASK_CASES})
  set_tests_properties(python_dask_${case} PROPERTIES RESOURCE_LOCK whosaid_dask)
endforeach()
