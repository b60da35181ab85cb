# Tests of the learned tagger beyond its unit test (tests/unit/test_tagger.c):
# `whosaid train` on the small PolNeAR-format fixture of tests/eval:
# reproducible model files, development data never trained on, predictions
# that `whosaid eval --pred` scores, usage errors (tests/tagger/check_train.py).
add_test(NAME tagger_train_cli
         COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/tagger/check_train.py
                 $<TARGET_FILE:whosaid> ${CMAKE_CURRENT_SOURCE_DIR}/eval/fixture)
set_tests_properties(tagger_train_cli PROPERTIES TIMEOUT 120)
