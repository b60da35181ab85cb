# CLI tests: each case of tests/cli/test_cli.py runs the built whosaid tool
# as a user would and checks exit codes, messages and output formats.
set(WS_CLI_TEST_CASES
  usage_no_command unknown_option unknown_command missing_value bad_format
  missing_file directory_file help_main help_extract help_eval help_help
  version empty_file bad_bytes quiet warning_cap stdin_input multiple_files
  format_tsv format_table table_width tty_default formats_agree no_indirect closed_pipe
  broken_pipe man_page jsonl_fields stdin_jsonl bad_record html_input
  emit_documents jobs_identical text_command bad_option_values progress_line
  warc_input warned_documents_cap)
foreach(case ${WS_CLI_TEST_CASES})
  add_test(NAME cli_${case}
           COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_cli.py
                   $<TARGET_FILE:whosaid> ${case})
  set_tests_properties(cli_${case} PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77)
endforeach()
# Every case the driver defines is registered above.
add_test(NAME cli_cases_registered
         COMMAND ${WS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_cli.py
                 $<TARGET_FILE:whosaid> --check-registered ${WS_CLI_TEST_CASES})

# The writers of cli/output.c on made-up statements; the test stands in for
# the library functions they call, so it links output.c alone.
add_executable(test_cli_output ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_output.c
                               ${CMAKE_SOURCE_DIR}/cli/output.c)
target_include_directories(test_cli_output PRIVATE ${CMAKE_SOURCE_DIR}/include
                           ${CMAKE_SOURCE_DIR}/cli ${CMAKE_CURRENT_SOURCE_DIR}/unit)
add_test(NAME cli_output COMMAND test_cli_output)
