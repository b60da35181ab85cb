# Tests of `whosaid eval` (cli/eval.c). tests/eval/check_eval.py runs the
# built tool on a hand-made PolNeAR-format fixture with known predictions and
# checks hand-computed figures; it cross-checks the C scores against the
# independent Python scorer tools/polnear_eval.py, on the fixture and, when
# ../shared is there, on PolNeAR dev with predictions made from the gold
# (exact, perturbed, random). Where ../shared is absent that test says
# "skipped" and CTest reports it as skipped.
set(WS_EVAL_DRIVER ${CMAKE_CURRENT_SOURCE_DIR}/eval/check_eval.py)
set(WS_EVAL_TOOL ${CMAKE_SOURCE_DIR}/tools/polnear_eval.py)
set(WS_EVAL_FIXTURE ${CMAKE_CURRENT_SOURCE_DIR}/eval/fixture)
set(WS_EVAL_DEV ${CMAKE_SOURCE_DIR}/../shared/data/polnear/data/dev)

add_test(NAME eval_fixture
         COMMAND ${WS_TEST_PYTHON} ${WS_EVAL_DRIVER} fixture $<TARGET_FILE:whosaid>
                 ${WS_EVAL_TOOL} ${WS_EVAL_FIXTURE}
                 ${CMAKE_CURRENT_SOURCE_DIR}/eval/fixture.pred.jsonl)
add_test(NAME eval_usage
         COMMAND ${WS_TEST_PYTHON} ${WS_EVAL_DRIVER} usage $<TARGET_FILE:whosaid>
                 ${WS_EVAL_FIXTURE})
add_test(NAME eval_engine
         COMMAND ${WS_TEST_PYTHON} ${WS_EVAL_DRIVER} engine $<TARGET_FILE:whosaid>
                 ${WS_EVAL_FIXTURE})
add_test(NAME eval_polnear_dev
         COMMAND ${WS_TEST_PYTHON} ${WS_EVAL_DRIVER} polnear $<TARGET_FILE:whosaid>
                 ${WS_EVAL_TOOL} ${WS_EVAL_DEV})
set_tests_properties(eval_fixture eval_usage eval_engine PROPERTIES TIMEOUT 60)
set_tests_properties(eval_polnear_dev PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77)
