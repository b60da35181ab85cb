# The built-in model of the learned tagger: data/model.bin is compiled into
# the library as a byte array (tools/gen_model.py), and src/tagger.c uses it
# when WS_HAVE_MODEL is defined. Include this file after whosaid_obj is
# defined. Without data/model.bin the library builds without a model (the
# tagger is then off, as with WS_FLAG_NO_MODEL).
set(WS_MODEL_BIN ${CMAKE_SOURCE_DIR}/data/model.bin)
if(EXISTS ${WS_MODEL_BIN})
  set(WS_MODEL_C ${CMAKE_BINARY_DIR}/generated/model_data.c)
  add_custom_command(
    OUTPUT ${WS_MODEL_C}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/generated
    COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/tools/gen_model.py ${WS_MODEL_BIN} ${WS_MODEL_C}
    DEPENDS ${CMAKE_SOURCE_DIR}/tools/gen_model.py ${WS_MODEL_BIN}
    COMMENT "Compiling the built-in model")
  target_sources(whosaid_obj PRIVATE ${WS_MODEL_C})
  target_compile_definitions(whosaid_obj PRIVATE WS_HAVE_MODEL=1)
endif()
