/* serve_mhd.h: libmicrohttpd, loaded with dlopen() when `whosaid serve`
 * starts rather than linked into the tool. Linked, it brings GnuTLS and
 * eight more libraries whose relocations and constructors cost every
 * `whosaid extract` process about 2 ms of CPU time before it reads a byte.
 *
 * Include it after <microhttpd.h>: each libmicrohttpd function the server
 * calls is then named by a macro that calls through the table filled by
 * ws_mhd_load(), so the calls read as they would against the linked
 * library, with the same prototypes. */
#ifndef WS_SERVE_MHD_H
#define WS_SERVE_MHD_H

#include <microhttpd.h>

/* The libmicrohttpd functions the server calls, with their own types. */
typedef struct ws_mhd_api {
  __typeof__(MHD_start_daemon) *start_daemon;
  __typeof__(MHD_stop_daemon) *stop_daemon;
  __typeof__(MHD_get_daemon_info) *get_daemon_info;
  __typeof__(MHD_get_connection_info) *get_connection_info;
  __typeof__(MHD_get_connection_values) *get_connection_values;
  __typeof__(MHD_lookup_connection_value) *lookup_connection_value;
  __typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
  __typeof__(MHD_create_response_from_buffer_with_free_callback)
      *create_response_from_buffer_with_free_callback;
  __typeof__(MHD_add_response_header) *add_response_header;
  __typeof__(MHD_queue_response) *queue_response;
  __typeof__(MHD_destroy_response) *destroy_response;
} ws_mhd_api;

/* The table, filled by ws_mhd_load(). */
extern ws_mhd_api ws_mhd;

/* Loads libmicrohttpd and fills ws_mhd, once (later calls return the first
 * call's answer). Returns 0, or -1 after printing why to standard error.
 * Not thread-safe: call it before the server starts its threads. */
int ws_mhd_load(void);

#define MHD_start_daemon (*ws_mhd.start_daemon)
#define MHD_stop_daemon (*ws_mhd.stop_daemon)
#define MHD_get_daemon_info (*ws_mhd.get_daemon_info)
#define MHD_get_connection_info (*ws_mhd.get_connection_info)
#define MHD_get_connection_values (*ws_mhd.get_connection_values)
#define MHD_lookup_connection_value (*ws_mhd.lookup_connection_value)
#define MHD_create_response_from_buffer (*ws_mhd.create_response_from_buffer)
#define MHD_create_response_from_buffer_with_free_callback \
  (*ws_mhd.create_response_from_buffer_with_free_callback)
#define MHD_add_response_header (*ws_mhd.add_response_header)
#define MHD_queue_response (*ws_mhd.queue_response)
#define MHD_destroy_response (*ws_mhd.destroy_response)

#endif
