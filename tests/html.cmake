# Tests of the document stage: charset conversion and HTML main-text
# extraction (src/document.c, src/charset.c, src/html.c, src/html_meta.c).
# - html_golden: tests/html/cases/NAME.html|.text -> NAME.expected (+ .meta).
# - html_charset: character-set cases built in tests/html/test_html.c.
# - html_pathological: 10^5-deep nesting, a large page, unclosed script and
#   comment ... each with a time limit (ten times longer in sanitizer and
#   Debug builds).
# - html_mangle_cases / html_mangle_benchmark: truncated and bit-flipped
#   variants of the golden pages and of 20 benchmark pages (../shared).
# - html_extraction_fixture: `whosaid eval --extraction` on three pages of
#   tests/html/fixture with hand-made expected bodies gives the figures
#   worked out for them, and those of tests/html/shingle_f1.py.
# - html_extraction_benchmark: `whosaid eval --extraction` on
#   ../shared/data/article-extraction-benchmark must reach the floor in
#   tests/html/check_extraction.py, and its figures must equal those of the
#   independent Python scorer tests/html/shingle_f1.py. Skipped (77) when
#   ../shared is absent.
add_executable(test_html ${CMAKE_CURRENT_SOURCE_DIR}/html/test_html.c)
target_link_libraries(test_html PRIVATE whosaid_static)

set(WS_HTML_SLOW)
if(WS_SANITIZE OR CMAKE_BUILD_TYPE STREQUAL "Debug")
  set(WS_HTML_SLOW --slow)
endif()
set(WS_HTML_BENCH ${CMAKE_SOURCE_DIR}/../shared/data/article-extraction-benchmark)

add_test(NAME html_golden COMMAND test_html golden ${CMAKE_CURRENT_SOURCE_DIR}/html/cases)
add_test(NAME html_charset COMMAND test_html charset)
add_test(NAME html_pathological COMMAND test_html pathological ${WS_HTML_SLOW})
file(GLOB WS_HTML_CASE_PAGES ${CMAKE_CURRENT_SOURCE_DIR}/html/cases/*.html)
add_test(NAME html_mangle_cases COMMAND test_html mangle ${WS_HTML_SLOW} ${WS_HTML_CASE_PAGES})
set_tests_properties(html_golden html_charset PROPERTIES TIMEOUT 60)
set_tests_properties(html_pathological html_mangle_cases PROPERTIES TIMEOUT 900)

file(GLOB WS_HTML_BENCH_PAGES ${WS_HTML_BENCH}/html/0*.html.gz ${WS_HTML_BENCH}/html/f*.html.gz)
if(WS_HTML_BENCH_PAGES)
  add_test(NAME html_mangle_benchmark
           COMMAND test_html mangle ${WS_HTML_SLOW} ${WS_HTML_BENCH_PAGES})
  set_tests_properties(html_mangle_benchmark PROPERTIES TIMEOUT 900)
endif()
add_test(NAME html_extraction_fixture
         COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/html/check_extraction.py --fixture
                 $<TARGET_FILE:whosaid> ${CMAKE_CURRENT_SOURCE_DIR}/html/fixture
                 ${CMAKE_CURRENT_BINARY_DIR}/html-fixture-dump)
set_tests_properties(html_extraction_fixture PROPERTIES TIMEOUT 60)
add_test(NAME html_extraction_benchmark
         COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/html/check_extraction.py
                 $<TARGET_FILE:whosaid> ${WS_HTML_BENCH} ${CMAKE_CURRENT_BINARY_DIR}/html-dump)
set_tests_properties(html_extraction_benchmark PROPERTIES TIMEOUT 600 SKIP_RETURN_CODE 77)
