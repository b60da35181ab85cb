# The web page of `whosaid serve`: the files in web/ are compiled into the
# tool as a table of byte arrays (tools/gen_web.py, table ws_web_assets
# declared in cli/serve.h), so the server needs no files at run time and no
# request path reaches the file system. Include this file after the whosaid
# executable is defined.
file(GLOB WS_WEB_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/web/*)
set(WS_WEB_C ${CMAKE_BINARY_DIR}/generated/web_assets.c)
add_custom_command(
  OUTPUT ${WS_WEB_C}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/generated
  COMMAND ${PYTHON3} ${CMAKE_SOURCE_DIR}/tools/gen_web.py ${CMAKE_SOURCE_DIR}/web ${WS_WEB_C}
  DEPENDS ${CMAKE_SOURCE_DIR}/tools/gen_web.py ${WS_WEB_FILES}
  COMMENT "Compiling the web page's assets")
target_sources(whosaid PRIVATE ${WS_WEB_C})
target_include_directories(whosaid PRIVATE ${CMAKE_SOURCE_DIR}/cli)
