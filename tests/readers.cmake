# Reader tests (src/reader.c, src/source.c, src/jsonl.c, src/warc.c,
# src/http.c): reader_dump prints what a reader gives; test_readers.py runs
# it on the archives in tests/readers/data/, on inputs with every quirk and
# damage built at test time, and on the real files of
# ../shared/data/warc-samples/ (skipped when that folder is absent).
add_executable(reader_dump ${CMAKE_CURRENT_SOURCE_DIR}/readers/reader_dump.c)
target_link_libraries(reader_dump PRIVATE whosaid_static)
# A brotli compressor for Content-Encoding: br records, when the encoder
# library is there (the library itself only decodes).
pkg_check_modules(WS_BROTLIENC IMPORTED_TARGET libbrotlienc)
set(WS_BROTLI_PACK "")
if(WS_BROTLIENC_FOUND)
  add_executable(brotli_pack ${CMAKE_CURRENT_SOURCE_DIR}/readers/brotli_pack.c)
  target_link_libraries(brotli_pack PRIVATE PkgConfig::WS_BROTLIENC)
  set(WS_BROTLI_PACK $<TARGET_FILE:brotli_pack>)
endif()
add_test(NAME readers_own
         COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/readers/test_readers.py
                 $<TARGET_FILE:reader_dump> own ${WS_BROTLI_PACK})
add_test(NAME readers_samples
         COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/readers/test_readers.py
                 $<TARGET_FILE:reader_dump> samples
                 ${CMAKE_SOURCE_DIR}/../shared/data/warc-samples)
set_tests_properties(readers_own readers_samples PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
