/* serve_mhd.c: loads libmicrohttpd with dlopen() for `whosaid serve` (see
 * serve_mhd.h for why it is not linked). The library is looked up by the
 * soname of the one the tool was built against (WS_MHD_SONAME, found by
 * CMake), then by its unversioned name. */
#define _POSIX_C_SOURCE 200809L

#include "serve_mhd.h"

#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#ifndef WS_MHD_SONAME
#define WS_MHD_SONAME "libmicrohttpd.so.12"
#endif

ws_mhd_api ws_mhd;

/* Each function of the table: its name in the library, its place in it. */
static const struct {
  const char *name;
  size_t offset;
} SYMBOLS[] = {
    {"MHD_start_daemon", offsetof(ws_mhd_api, start_daemon)},
    {"MHD_stop_daemon", offsetof(ws_mhd_api, stop_daemon)},
    {"MHD_get_daemon_info", offsetof(ws_mhd_api, get_daemon_info)},
    {"MHD_get_connection_info", offsetof(ws_mhd_api, get_connection_info)},
    {"MHD_get_connection_values", offsetof(ws_mhd_api, get_connection_values)},
    {"MHD_lookup_connection_value", offsetof(ws_mhd_api, lookup_connection_value)},
    {"MHD_create_response_from_buffer", offsetof(ws_mhd_api, create_response_from_buffer)},
    {"MHD_create_response_from_buffer_with_free_callback",
     offsetof(ws_mhd_api, create_response_from_buffer_with_free_callback)},
    {"MHD_add_response_header", offsetof(ws_mhd_api, add_response_header)},
    {"MHD_queue_response", offsetof(ws_mhd_api, queue_response)},
    {"MHD_destroy_response", offsetof(ws_mhd_api, destroy_response)},
};

/* Opens the library, or returns NULL (dlerror() says why). */
static void *open_library(void) {
  void *lib = dlopen(WS_MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
  return lib ? lib : dlopen("libmicrohttpd.so", RTLD_NOW | RTLD_LOCAL);
}

/* Fills the table from the open library. Returns 0, or -1 after a
 * message naming the missing function. */
static int fill_table(void *lib) {
  for (size_t i = 0; i < sizeof SYMBOLS / sizeof SYMBOLS[0]; i++) {
    void *f = dlsym(lib, SYMBOLS[i].name);
    if (!f) {
      fprintf(stderr, "whosaid: cannot use libmicrohttpd: no %s\n", SYMBOLS[i].name);
      return -1;
    }
    /* POSIX lets a function pointer hold what dlsym() returns. */
    memcpy((char *)&ws_mhd + SYMBOLS[i].offset, &f, sizeof f);
  }
  return 0;
}

int ws_mhd_load(void) {
  static int state; /* 0: not tried, 1: loaded, -1: failed. */
  if (state)
    return state > 0 ? 0 : -1;
  void *lib = open_library();
  if (!lib) {
    const char *why = dlerror();
    fprintf(stderr, "whosaid: cannot load libmicrohttpd: %s\n",
            why ? why : "unknown error");
    state = -1;
    return -1;
  }
  /* The library stays loaded to the end of the process. */
  state = fill_table(lib) == 0 ? 1 : -1;
  return state > 0 ? 0 : -1;
}
