# Golden tests: for each folder tests/golden/FEATURE, one CTest test
# golden_FEATURE that runs whosaid on every article there and compares its
# statements with the expected JSONL beside it (tests/run_golden.py). Also:
#   golden_sources  every .txt/.expected.jsonl matches its .src (mkgolden)
#   golden_seed     the seed article in ../shared/examples (skipped, with
#                   "skipped: ../shared/examples not found", when absent)
set(WS_GOLDEN_DIR ${CMAKE_SOURCE_DIR}/tests/golden)
set(WS_GOLDEN_RUN ${CMAKE_SOURCE_DIR}/tests/run_golden.py)
set(WS_GOLDEN_SKIP 77)

file(GLOB WS_GOLDEN_FEATURES LIST_DIRECTORIES true CONFIGURE_DEPENDS
     ${WS_GOLDEN_DIR}/*)
foreach(dir ${WS_GOLDEN_FEATURES})
  if(IS_DIRECTORY ${dir})
    get_filename_component(feature ${dir} NAME)
    add_test(NAME golden_${feature}
             COMMAND ${WS_TEST_PYTHON} ${WS_GOLDEN_RUN}
                     --whosaid $<TARGET_FILE:whosaid> ${dir})
    set_tests_properties(golden_${feature} PROPERTIES LABELS golden TIMEOUT 300)
  endif()
endforeach()

add_test(NAME golden_sources
         COMMAND ${WS_TEST_PYTHON} ${CMAKE_SOURCE_DIR}/tools/mkgolden.py
                 --check ${WS_GOLDEN_DIR})
set_tests_properties(golden_sources PROPERTIES LABELS golden)

add_test(NAME golden_seed
         COMMAND ${WS_TEST_PYTHON} ${WS_GOLDEN_RUN}
                 --whosaid $<TARGET_FILE:whosaid> --skip-missing
                 ${CMAKE_SOURCE_DIR}/../shared/examples/seed-article.txt)
set_tests_properties(golden_seed PROPERTIES
                     LABELS golden SKIP_RETURN_CODE ${WS_GOLDEN_SKIP})
